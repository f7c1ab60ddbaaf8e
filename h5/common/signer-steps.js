export const SIGNER_STEPS = [
  { id: "verify", title: "核验身份" },
  { id: "read", title: "阅读并签署" },
  { id: "confirm", title: "确认签署" },
  { id: "done", title: "签署完成" },
];
