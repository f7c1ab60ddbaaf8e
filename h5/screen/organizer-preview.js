// The organizer's preview of the big screen (the admin pages frame it at 1920×1080): the real screen page
// drawn once from the organizer's own state URL (a <meta> the server puts in the page), with no live
// stream, no toolbar and nothing to click.
import { say } from "./words.js";

export function previewBase() {
  return document.querySelector('meta[name="screen-preview"]')?.content || null;
}

export async function startPreview({ loadState }) {
  document.getElementById("toolbar").style.display = "none";  // its style shows it whatever [hidden] says
  document.body.classList.add("organizer-preview");
  if (await loadState() == null) say(document.getElementById("meeting-name"), ["preview.failed"]);
}
