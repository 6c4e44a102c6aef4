/* The order's "Déclarer", as the tutorial has it: "une fenêtre s'affiche" with the
   Centralisateur's form, and PVO² stays behind it. Back on PVO², the order shows what became of
   the declaration: the page asks the desk, which asks the Centralisateur. The pages'
   Content-Security-Policy runs no inline script, hence this file. Without it, "Déclarer" still
   works, in the same tab. */
"use strict";

const WINDOW_NAME = "centralisateur";
const WINDOW_FEATURES = "popup,width=1280,height=900";
const LOOK_AGAIN_EVERY_MS = 3000;
const LOOK_AGAIN_FOR_MS = 30 * 60 * 1000;

/* A refusal comes back as the order page with its banner: its "Déclaration de garantie" takes
   the place of this one, and the focus goes to the field it flags. */
function showRefusal(html) {
  const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("declaration");
  const shown = document.getElementById("declaration");
  if (!fresh || !shown) {
    window.location.reload();
    return;
  }
  shown.replaceWith(document.adoptNode(fresh));
  const flagged = fresh.querySelector("[aria-invalid=true]");
  if (flagged) flagged.focus();
}

/* The window opens at the click (a window opened after an answer would be blocked), then goes
   to the draft's address once the desk has it. Only the plugins marked data-fenetre open one. */
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-declarer]")) return;
  const option = form.elements.garantisseur.selectedOptions[0];
  if (!option || option.dataset.fenetre === undefined) return;
  event.preventDefault();
  const popup = window.open("", WINDOW_NAME, WINDOW_FEATURES);
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
  })
    .then(async (answer) => {
      const type = answer.headers.get("Content-Type") || "";
      if (answer.ok && type.startsWith("application/json")) {
        const { fenetre, page } = await answer.json();
        if (popup) popup.location.replace(fenetre);
        window.location.assign(popup ? page : fenetre);
        return;
      }
      if (answer.redirected) window.location.assign(answer.url);
      else showRefusal(await answer.text());
      if (popup) popup.close(); // once PVO² shows why: the window's closing says it is done
    })
    .catch(() => {
      if (popup) popup.close();
      form.submit();
    });
});

/* While a declaration is open in the window, the page asks whether it changed: when the dealer
   comes back to it, and every few seconds (a browser may not say it was left). */
const waiting = document.querySelector("[data-attente]");
if (waiting) {
  const until = Date.now() + LOOK_AGAIN_FOR_MS;
  const lookAgain = () => {
    if (document.visibilityState !== "visible") return;
    fetch(waiting.dataset.etat, { headers: { Accept: "application/json" } })
      .then((answer) => answer.json())
      .then(({ attente }) => {
        if (attente !== waiting.dataset.attente) window.location.reload();
      })
      .catch(() => {});
  };
  window.addEventListener("focus", lookAgain);
  document.addEventListener("visibilitychange", lookAgain);
  const timer = setInterval(() => (Date.now() > until ? clearInterval(timer) : lookAgain()), LOOK_AGAIN_EVERY_MS);
}
