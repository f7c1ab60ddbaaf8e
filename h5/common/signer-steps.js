// The signer's path, the same on H5 and in the mini-program (miniprogram_stub/utils/steps.js mirrors
// this list word for word): every screen announces one of these steps.
export const SIGNER_STEPS = [
  { id: "verify", title: "核验身份" },
  { id: "read", title: "阅读并签署" },
  { id: "confirm", title: "确认签署" },
  { id: "done", title: "签署完成" },
];

/** The visible heading of a step: "第 n 步 / 共 4 步 · 核验身份". */
export function stepHeading(id) {
  const i = SIGNER_STEPS.findIndex((s) => s.id === id);
  return i < 0 ? "" : `第 ${i + 1} 步 / 共 ${SIGNER_STEPS.length} 步 · ${SIGNER_STEPS[i].title}`;
}
