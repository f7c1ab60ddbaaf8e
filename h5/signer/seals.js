// The seal picker: one radio card per seal the signer holds, with the seal's own image.
import { imageUrl } from "../common/api.js";
import { has, t } from "../common/strings.js";

const kindName = (kind) => (kind && has(`seal.kind.${kind}`) ? t(`seal.kind.${kind}`) : "");

export function renderSeals(list, seals, chosen, token, onChoose) {
  list.querySelectorAll(".seal-option").forEach((n) => n.remove());
  for (const seal of seals) {
    const label = document.createElement("label");
    label.className = "seal-option";
    const input = Object.assign(document.createElement("input"), { type: "radio", name: "seal", value: seal.id,
                                                                   checked: seal.id === chosen });
    const img = Object.assign(document.createElement("img"), { alt: "" });
    const name = Object.assign(document.createElement("span"), { className: "seal-name", textContent: seal.name });
    const kind = Object.assign(document.createElement("span"), { className: "seal-kind", textContent: kindName(seal.kind) });
    label.append(input, img, name, kind);
    label.classList.toggle("checked", input.checked);
    input.addEventListener("change", () => {
      onChoose(seal.id);
      list.querySelectorAll(".seal-option").forEach((n) => n.classList.toggle("checked", n.querySelector("input").checked));
    });
    list.append(label);
    // The promise is kept on the seal so the confirm step shows the same image without a refetch.
    seal.blob = seal.blob || imageUrl(seal.image_url, token);
    seal.blob.then((url) => { img.src = url; }).catch(() => { img.alt = t("seal.image_failed"); });
  }
}
