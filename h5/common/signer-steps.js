// The signer's path, the same on H5 and in the mini-program (miniprogram_stub/utils/steps.js mirrors
// this list): every screen announces one of these steps. The words are the strings' "step.<id>"
// (SIGNER_STRINGS on the server, the same dict for both clients); the ids never change.
export const SIGNER_STEPS = [
  { id: "verify", key: "step.verify" },
  { id: "read", key: "step.read" },
  { id: "confirm", key: "step.confirm" },
  { id: "done", key: "step.done" },
];

/** The visible heading of a step, "Step n of 4 · Verify identity", worded by `t` (the page's strings). */
export function stepHeading(id, t) {
  const i = SIGNER_STEPS.findIndex((s) => s.id === id);
  return i < 0 ? "" : t("step.heading", { n: i + 1, total: SIGNER_STEPS.length, title: t(SIGNER_STEPS[i].key) });
}
