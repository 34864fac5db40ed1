// Echo & Push — the few DOM helpers every module uses.
//
// Security rule, here as everywhere on the page: text that comes from the network or from the
// user is only ever put into the page with textContent or as a Text node, never parsed as markup.

export const byId = (id) => document.getElementById(id);

export function textSpan(className, text) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

/** Writes text only when it changed, to avoid needless DOM mutations 60 times a second. */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** Like setText, for a data- attribute. */
export function setData(element, key, value) {
  if (element.dataset[key] !== value) element.dataset[key] = value;
}
