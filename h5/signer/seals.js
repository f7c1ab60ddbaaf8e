// The seal picker: one radio card per seal the signer holds, with the seal's own image.
import { imageUrl } from "../common/api.js";

const KIND = { official: "公章", contract: "合同专用章", finance: "财务专用章", personnel: "人事专用章",
               invoice: "发票专用章", other: "其他印章" };

export function renderSeals(list, seals, chosen, token, onChoose) {
  list.querySelectorAll(".seal-option").forEach((n) => n.remove());
  for (const seal of seals) {
    const label = document.createElement("label");
    label.className = "seal-option";
    const input = Object.assign(document.createElement("input"), { type: "radio", name: "seal", value: seal.id,
                                                                   checked: seal.id === chosen });
    const img = Object.assign(document.createElement("img"), { alt: "" });
    const name = Object.assign(document.createElement("span"), { className: "seal-name", textContent: seal.name });
    const kind = Object.assign(document.createElement("span"), { className: "seal-kind", textContent: KIND[seal.kind] || "" });
    label.append(input, img, name, kind);
    label.classList.toggle("checked", input.checked);
    input.addEventListener("change", () => {
      onChoose(seal.id);
      list.querySelectorAll(".seal-option").forEach((n) => n.classList.toggle("checked", n.querySelector("input").checked));
    });
    list.append(label);
    // The promise is kept on the seal so the confirm step shows the same image without a refetch.
    seal.blob = seal.blob || imageUrl(seal.image_url, token);
    seal.blob.then((url) => { img.src = url; }).catch(() => { img.alt = "印章图片加载失败"; });
  }
}
