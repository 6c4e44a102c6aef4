// "Garage Hâtif": a DMS in JavaScript (Node's built-in fetch, nothing installed), written from
// the README and the Centralisateur's OpenAPI only. It declares five vehicles of its own; its
// known mistakes are listed beside it, in hative.erreurs.json:
//   VR1JJEHZRPY700001  its contract stays pending (Icare down): declares the vehicle again
//   W0VBD6EK8LG700002  refused (422, km missing): submits the very same draft again, then stops
//   VF3VEAHXKLZ700003  a double-click: three identical drafts sent within a second
//   VR3UKZKXZPT700004  leaves the mobile phone and the kW power empty, though its BDC has them
//                      (bdc/VR3UKZKXZPT700004.json)
//   VF3MJAHXVHS700006  insured at PSA Assurance: a new token before each call, no
//                      GW-DBTransaction-ID on the submission, no checksum on the quote
//   ZAREAEBN4K7700005  gives up waiting after 0.5 s and sends the declaration again, no key
//
// Run: CENTRALISATEUR_URL=… ICARE_URL=… GUIDEWIRE_URL=… DEALER=953617Z PASSWORD=spoticar
//      node hative.mjs

const API = `${process.env.CENTRALISATEUR_URL.replace(/\/$/, "")}/api/v1`;
const CREDENTIALS = Buffer.from(
  `${process.env.DEALER ?? "953617Z"}:${process.env.PASSWORD ?? "spoticar"}`,
).toString("base64");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const day = (date) => date.toLocaleDateString("fr-FR", { timeZone: "UTC" }); // JJ/MM/AAAA
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000);

async function call(method, path, body, options = {}) {
  const headers = { Authorization: `Basic ${CREDENTIALS}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${API}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    ...options,
  });
  return { status: response.status, data: await response.json() };
}

async function fault(base, rule) {
  const response = await fetch(`${base.replace(/\/$/, "")}/__admin/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(rule),
  });
  if (!response.ok) throw new Error(`faute refusée : ${response.status}`);
}

function form(vin, plate, make, model, extra = {}) {
  const delivery = daysAgo(4);
  const end = new Date(delivery);
  end.setUTCMonth(end.getUTCMonth() + 6);
  return {
    vendeur: "SP953617Z000314",
    origine_vente: "Site internet",
    civilite: "Madame",
    nom: "Nguyen",
    prenom: "Linh",
    adresse: "3 rue des Lilas",
    code_postal: "13006",
    ville: "MARSEILLE",
    pays_residence: "France",
    nationalite: "France",
    date_naissance: "14/04/1990",
    lieu_naissance: "Marseille",
    pays_naissance: "France",
    type_vehicule: "VP",
    energie: "HYBRIDE",
    immatriculation: plate,
    date_premiere_immat: day(daysAgo(700)),
    puissance_din: "140",
    km_vente: "23000",
    date_livraison: day(delivery),
    km_garantie_constructeur: "100000",
    marque: make,
    modele: model,
    version: "Hybrid 140",
    vin,
    prix_vente: "24 800,00",
    garantie: "SPOTICAR ESSENTIAL",
    duree: "6",
    date_debut_garantie: day(delivery),
    date_fin_garantie: day(end),
    produit_fidelisation: "Aucun",
    ...extra,
  };
}

async function declare(fields) {
  const draft = await call("POST", "/declarations", { commercial_warranty: "spoticar", fields });
  if (draft.status !== 201) throw new Error(`brouillon refusé : ${JSON.stringify(draft.data)}`);
  return { id: draft.data.id, ...(await call("POST", `/declarations/${draft.data.id}/submit`)) };
}

await call("PUT", "/profile", { icare_id: "IC-953617" });

// 1. Icare is down for the next contract: the declaration is kept, its contract pending; the
//    DMS reads only "status" and declares the vehicle again.
await fault(process.env.ICARE_URL, {
  path: "/api/v1/contracts", method: "POST", action: "status", status: 503, times: 1,
});
const opel = form("VR1JJEHZRPY700001", "HA-101-JS", "OPEL", "GRANDLAND");
const pending = await declare(opel);
console.log("VR1JJEHZRPY700001", pending.status, pending.data.contract?.status);
await sleep(300);
console.log("VR1JJEHZRPY700001 de nouveau", (await declare(opel)).status);

// 2. Refused: km missing. The same draft is submitted again, as if the refusal were a hiccup.
const { km_vente, ...noKm } = form("W0VBD6EK8LG700002", "HB-202-JS", "OPEL", "CORSA");
const refused = await declare(noKm);
console.log("W0VBD6EK8LG700002", refused.status, refused.data.error_code);
await sleep(300);
console.log("W0VBD6EK8LG700002 de nouveau", (await call("POST", `/declarations/${refused.id}/submit`)).status);

// 3. A double-click on "Déclarer": three identical drafts; the first is submitted.
const berlingo = { commercial_warranty: "spoticar", fields: form("VF3VEAHXKLZ700003", "HC-303-JS", "PEUGEOT", "RIFTER") };
const drafts = [];
for (let click = 0; click < 3; click += 1) drafts.push(await call("POST", "/declarations", berlingo));
console.log("VF3VEAHXKLZ700003", (await call("POST", `/declarations/${drafts[0].data.id}/submit`)).status);

// 4. Its export has no mobile phone nor kW power column, though the BDC carries them.
const { tel_mobile, puissance_kw, ...exported } = form("VR3UKZKXZPT700004", "HD-404-JS", "PEUGEOT", "208", {
  tel_mobile: "0611223344", puissance_kw: "74", energie: "ESSENCE",
});
console.log("VR3UKZKXZPT700004", (await declare(exported)).status);

// 6. PSA Assurance: a token asked for before each call; the submission without
//    GW-DBTransaction-ID, the quote without the job's checksum.
const GUIDEWIRE = process.env.GUIDEWIRE_URL.replace(/\/$/, "");
async function psa(path, data, transaction = true) {
  const granted = await fetch(`${GUIDEWIRE}/oauth2/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from("pvo2:pvo2-secret").toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  const { access_token } = await granted.json();
  const headers = { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" };
  if (transaction) headers["GW-DBTransaction-ID"] = crypto.randomUUID();
  const response = await fetch(`${GUIDEWIRE}${path}`, { method: "POST", headers, body: JSON.stringify({ data }) });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${path} : ${response.status} ${JSON.stringify(answer)}`);
  return answer.data;
}
const account = await psa("/account/v1/accounts", {
  attributes: {
    initialAccountHolder: {
      firstName: "Linh", lastName: "Nguyen", dateOfBirth: "1990-04-14",
      emailAddress1: "linh.nguyen@example.fr", cellPhone: { phoneNumber: "0611223344" },
      primaryAddress: { addressLine1: "3 rue des Lilas", city: "MARSEILLE", postalCode: "13006" },
    },
    producerCodes: [{ id: process.env.DEALER ?? "953617Z" }],
  },
});
const job = await psa("/job/v1/submissions", {
  attributes: {
    account: { id: account.id }, baseState: { code: "FR" },
    jobEffectiveDate: new Date().toISOString().slice(0, 10),
    producerCode: { id: process.env.DEALER ?? "953617Z" }, product: { id: "PSAUsedVehicle" },
    vehicle_Ext: {
      vin: "VF3MJAHXVHS700006", licensePlate: "HF-606-JS", make: "PEUGEOT", model: "5008",
      firstRegistrationDate: daysAgo(900).toISOString().slice(0, 10), odometer: 41000,
      price: { amount: "22500.00" },
    },
    cover_Ext: { code: "PANNE_MECANIQUE_12" },
  },
}, false);
const quoted = await psa(`/job/v1/jobs/${job.id}/quote`, {});
console.log("VF3MJAHXVHS700006 coté :", quoted.attributes.jobStatus?.code);

// 5. The Centralisateur is slow (1.5 s): the DMS waits 0.5 s, gives up and sends again, with no
//    Idempotency-Key.
await fault(process.env.CENTRALISATEUR_URL, {
  path: "/api/v1/declarations", method: "POST", action: "delay", delay_ms: 1500, times: 1,
});
const alfa = { commercial_warranty: "spoticar", fields: form("ZAREAEBN4K7700005", "HE-505-JS", "ALFA ROMEO", "TONALE") };
try {
  await call("POST", "/declarations?submit=true", alfa, { signal: AbortSignal.timeout(500) });
} catch (error) {
  console.log("ZAREAEBN4K7700005 sans réponse :", error.name);
}
console.log("ZAREAEBN4K7700005 de nouveau", (await call("POST", "/declarations?submit=true", alfa)).status);
await sleep(2000); // the sandbox is still answering the first call: let it finish
