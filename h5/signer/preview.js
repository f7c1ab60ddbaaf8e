// The organizer's preview of one signer's phone (framed at 360×640 by the admin pages): the signer
// pages' own viewer (viewer.js) drawing the documents and this signer's controls from the organizer's
// preview API (named by a <meta> the server puts in the page). Read-only: nothing here signs.
import { api } from "../common/api.js";
import { t } from "../common/strings.js";
import { renderDocuments, zoomer } from "./viewer.js";

const $ = (id) => document.getElementById(id);
const source = document.querySelector('meta[name="signer-preview"]')?.content;

async function main() {
  const zoom = zoomer($("documents"), $("zoom-level"), $("zoom-out"), $("zoom-in"));
  let preview;
  try {
    preview = await api(source);
  } catch (err) {
    $("read-hint").textContent = err.message;
    return;
  }
  const { meeting, participant, documents } = preview;
  $("title").textContent = meeting.name;
  $("preview-who").textContent = t("preview.who", { enterprise: participant.enterprise_name,
                                                   name: participant.name_masked });
  const controls = documents.reduce((n, d) => n + d.controls.length, 0);
  document.body.dataset.controls = String(controls);  // what the organizer's page shows beside the frame
  const total = documents.reduce((n, d) => n + d.pages.length, 0);
  renderDocuments($("documents"), $("page-strip"), documents, null, {
    onSeen: () => {
      $("read-hint").textContent = t("preview.hint", { total, n: controls });
    },
    onField: () => {},  // read-only: the organizer sees the fields, nothing opens
    onError: (err) => { $("read-hint").textContent = err.message; },
  });
  zoom();
  $("step-documents").setAttribute("aria-busy", "false");
}

main();
