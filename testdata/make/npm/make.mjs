// Regenerate: cd testdata/make/npm && npm ci && node make.mjs
//
// Builds the npm-`docx` test documents for villkorsintag:
//   testdata/docx/npmdocx-report.docx   complete, correctly filled report (no findings)
//   testdata/docx/npmdocx-tracked.docx  same, with w:ins in 1.1, w:del in 2.2, w:sym in 3.1
//   testdata/docx/npmdocx-choices.docx  same, with broken 10.3 choices and empty "Om nej"
// and an X.expect.json next to each, computed from the content written.
//
// Everything is made through the library's own API (numbering, footnotes,
// CheckBox, InsertedTextRun, DeletedTextRun, SymbolRun, tables, footer fields).
// The only post-processing is for determinism: docProps/core.xml gets fixed
// timestamps and the zip is rewritten with a fixed mtime.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { unzipSync, zipSync, strFromU8, strToU8 } from "fflate";
import {
  AlignmentType, CheckBox, DeletedTextRun, Document, Footer, FootnoteReferenceRun, HeadingLevel,
  InsertedTextRun, LevelFormat, Packer, PageNumber, Paragraph, ShadingType, SymbolRun, Table,
  TableCell, TableRow, TextRun, WidthType,
} from "docx";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../../..");
const OUT = path.join(ROOT, "testdata/docx");
const spec = yaml.load(fs.readFileSync(path.join(ROOT, "configs/templates/2023.yaml"), "utf8"));

const PRODUCER = "npm docx 9.15.2 (node " + process.version.split(".")[0] + ")";
const FIXED_DATE = "2024-02-14T08:30:00Z";
const REVISION_DATE = "2024-02-13T14:05:00Z";
const TABLE_RUN = { font: "Calibri", size: 16 }; // 8 pt
const NUMREF = "rubriker";

// ---------------------------------------------------------------------------
// Deterministic helpers
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffled(arr, seed) {
  const r = mulberry32(seed), a = [...arr];
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}
const cp = (s) => Array.from(s).length; // Unicode code points
const first30 = (s) => Array.from(s).slice(0, 30).join("");

// ---------------------------------------------------------------------------
// Footnote texts, copied from the template (villkorsrapport-2023-mall.md).
// 11–13 are missing in the source text; they are given the same wording as 4–10.
const FOOTNOTES = {
  1: "Villkorsbeslut 2023:1.3.",
  2: "https://www.regeringen.se/rattsliga-dokument/skrivelse/2021/03/skr.-202021133",
  3: "Villkorsbeslut 2023:1.1.",
  4: "Villkorsbeslut 2023:1.1, 1.3, 2.",
  5: "Observera! Information om uppföljning och utvärdering av den regionala utvecklingsstrategin ska inte redovisas här. Den informationen redovisas i avsnitt 2 – Analys, uppföljning och utvärdering.",
  6: "Villkorsbeslut 2023:1.3, 1.4, 2.",
  7: "Villkorsbeslut 2023:1.1, 1.3, 2.",
  8: "Villkorsbeslut 2023:1.1, 1.3, 2.",
  9: "Villkorsbeslut 2023:1.1, 1.3, 2.",
  10: "Villkorsbeslut 2023:1.1, 1.3, 2.",
  11: "Villkorsbeslut 2023:1.1, 1.3, 2.",
  12: "Villkorsbeslut 2023:1.1, 1.3, 2.",
  13: "Villkorsbeslut 2023:1.1, 1.3, 2.",
  14: "Observera! Belopp fördelat på olika stödtyper behöver inte redovisas då den informationen inhämtas i Tillväxtverkets årliga redovisning av regionala företagsstöd, projektmedel samt stöd till kommersiell service.",
  15: "Observera! Information tillhörande avsnitt 1–10 ska inte fyllas i under övriga medskick utan under respektive fråga i mallen.",
};
const SECTION_FOOTNOTE = { 1: 4, 2: 6, 3: 7, 4: 8, 5: 9, 6: 10, 7: 11, 8: 12, 9: 13 };
const QUESTION_FOOTNOTE = { "1.1": 5, "10.1": 14 };

// ---------------------------------------------------------------------------
// Answer text: sentence pools ({arb} = the section's field of work).
const ARB = {
  1: "arbetet med den regionala utvecklingsstrategin",
  2: "arbetet med analys, uppföljning och utvärdering",
  3: "arbetet med likvärdiga möjligheter till boende, arbete och välfärd",
  4: "arbetet med kompetensförsörjning och kompetensutveckling",
  5: "arbetet med innovation, entreprenörskap och företagande",
  6: "arbetet med tillgänglighet genom digital kommunikation och transporter",
  7: "arbetet med jämställdhetsintegrering",
  8: "arbetet med integration",
  9: "arbetet med miljö och klimat",
  10: "fördelningen av anslaget",
};
const G = [
  "Under 2023 har {arb} bedrivits i nära samverkan med länets kommuner genom det regionala chefsnätverket och de fyra delregionala beredningarna.",
  "Region Västerbotten har tagit fram en gemensam genomförandeplan där prioriteringarna i den regionala utvecklingsstrategin omsätts i konkreta aktiviteter med tydliga ansvariga.",
  "Samordningen av insatser har skett i den regionala partnerskapsgruppen, där kommunerna, Länsstyrelsen, Umeå universitet, Luleå tekniska universitet och företrädare för näringslivet deltar.",
  "En viktig del av {arb} har varit att koppla regionala projektmedel till strategins mål så att finansierade projekt bidrar till långsiktiga förändringar och inte blir isolerade satsningar.",
  "Dialogen med Länsstyrelsen har varit särskilt viktig i frågor som rör samhällsplanering, klimatomställning och landsbygdsutveckling.",
  "Tillsammans med Trafikverket har regionen arbetat med att samordna planeringen av transportinfrastruktur med den regionala utvecklingsstrategins prioriteringar.",
  "Näringslivet har medverkat genom branschråd, handelskammaren och Företagarna, vilket har gett ett bättre underlag för prioriteringar som rör kompetensförsörjning och investeringar.",
  "Civilsamhällets organisationer har involverats genom överenskommelsen om idéburet offentligt partnerskap och genom återkommande dialogmöten med folkbildningen.",
  "En framgångsfaktor har varit de etablerade samverkansstrukturerna, som gör att aktörerna känner varandra och snabbt kan samlas kring gemensamma frågor.",
  "En utmaning har varit att många kommuner har begränsade personella resurser, vilket gör det svårt att delta i alla processer som regionen bjuder in till.",
  "Ytterligare en utmaning har varit den osäkra konjunkturen under året, som har påverkat både företagens investeringsvilja och kommunernas ekonomiska utrymme.",
  "De stora industrietableringarna i norra Sverige har ställt nya krav på samordning mellan regionen, kommunerna och de statliga myndigheterna.",
  "Bedömningen baseras på en uppföljning av genomförandeplanen som redovisades för den regionala utvecklingsnämnden i december 2023.",
  "Arbetet har också stärkts av att Tillväxtverket och Arbetsförmedlingen har deltagit i flera av de regionala arbetsgrupperna.",
  "Regionen har under året prioriterat att tydliggöra rollfördelningen mellan de olika aktörerna, så att ansvaret för genomförandet blir tydligt.",
  "Erfarenheterna från 2023 visar att en tidig och tät dialog med kommunerna ger bättre förankring och ökar möjligheten att insatserna får genomslag lokalt.",
];
const H = [
  "Samhällsutmaningarna i den nationella strategin har använts som utgångspunkt när {arb} har planerats, särskilt demografiska förändringar och klimatomställningen.",
  "För att integrera samtliga dimensioner av hållbar utveckling används en hållbarhetsbedömning i beredningen av alla större beslut, där ekonomiska, sociala och miljömässiga konsekvenser beskrivs.",
  "Den ekonomiska dimensionen har hanterats genom satsningar på företagens omställningsförmåga och på att bredda näringslivet i länets inland.",
  "Den sociala dimensionen har stärkts genom insatser för ökad inkludering, jämställdhet och tillgång till service i hela länet.",
  "Den miljömässiga dimensionen har integrerats genom krav på klimat- och miljöhänsyn i projekt som finansieras med regionala utvecklingsmedel.",
  "Arbetet kopplas till Agenda 2030 genom att regionens mål och indikatorer är relaterade till de globala målen, vilket gör det lättare att följa utvecklingen över tid.",
  "Målkonflikter mellan exempelvis industriell expansion och rennäringens intressen har lyfts i dialog med Länsstyrelsen, kommunerna och samebyarna.",
  "En utmaning är att resultaten inom den sociala dimensionen ofta är svåra att mäta på kort sikt, vilket gör att uppföljningen behöver kompletteras med kvalitativa beskrivningar.",
  "Regionen har tillsammans med kommunerna genomfört utbildningar i hållbarhetsanalys för handläggare och projektägare.",
  "Bedömningen baseras på en egen bedömning som stöds av regionens uppföljning av hållbarhetsbedömningarna i beviljade projekt.",
];
const T = [
  "Länets förutsättningar skiljer sig kraftigt mellan kustkommunerna och inlandskommunerna, och {arb} har därför anpassats efter olika typer av kommuner.",
  "Regionen använder Tillväxtverkets indelning i kommungrupper som underlag för att analysera skillnader mellan landsbygder och städer av olika storlek.",
  "I inlandet är det långa avstånd till service och arbetsmarknader, vilket har gjort att insatser för tillgänglighet och digitala lösningar har prioriterats där.",
  "Funktionella samband över kommun- och länsgränser har beaktats genom samarbetet med Region Norrbotten och Region Västernorrland samt med Österbotten i Finland.",
  "De delregionala beredningarna gör det möjligt att anpassa prioriteringarna till lokala förutsättningar samtidigt som helheten för länet hålls samman.",
  "I arbetet har regionen särskilt uppmärksammat de mindre orterna, där en enskild arbetsgivares beslut kan få stora konsekvenser för hela kommunen.",
  "Umeåregionens tillväxt har skapat både möjligheter och utmaningar, bland annat en ökad efterfrågan på bostäder och en ökad pendling från kranskommunerna.",
  "Skellefteåregionen har under året haft en snabb befolkningsökning, vilket har krävt samordnade insatser kring bostäder, kompetensförsörjning och kollektivtrafik.",
  "Landsbygdsperspektivet har stärkts genom att kommunerna i inlandet har deltagit i arbetsgrupper som tidigare dominerades av de större kommunerna.",
  "Bedömningen av de territoriella effekterna baseras på en uppföljning av regionens statistik över befolkning, sysselsättning och tillgänglighet på kommunnivå.",
];
const X = {
  1: [
    "Den regionala utvecklingsstrategin för Västerbotten 2020–2030 har under året genomförts med stöd av en ny genomförandeplan som antogs i mars.",
    "Regionen har genomfört en halvtidsdialog om strategin med samtliga femton kommuner.",
    "Strategin har också använts som utgångspunkt i förhandlingarna om de nya programmen för Europeiska regionala utvecklingsfonden och Interreg.",
  ],
  2: [
    "Under året har regionen tagit fram en regional analys av kompetensbehoven i samband med industriomställningen, i samarbete med Arbetsförmedlingen och kommunerna.",
    "En utvärdering av det regionala företagsstödet har genomförts av en extern utvärderare och visar att stödet har bidragit till ökade investeringar i små och medelstora företag.",
    "Regionen har en gemensam uppföljningsmodell med indikatorer för varje prioritering i den regionala utvecklingsstrategin, som redovisas årligen för den regionala utvecklingsnämnden.",
    "Analysfunktionen samarbetar med Länsstyrelsen, SCB och Tillväxtverket för att säkerställa att statistiken är jämförbar över tid.",
    "Resultat och erfarenheter tas tillvara genom årliga lärseminarier där kommunerna, projektägare och civilsamhällets organisationer deltar.",
    "För att arbetet ska vara långsiktigt finns en flerårig analysplan som revideras varje år utifrån nya behov och beslut.",
    "Könsuppdelad statistik och socioekonomiska variabler ingår som standard i regionens analyser för att den sociala dimensionen ska synliggöras.",
    "Miljö- och klimatdata från Länsstyrelsen och Naturvårdsverket används i uppföljningen av strategins miljömål.",
  ],
  3: [
    "Regionen har tillsammans med kommunerna tagit fram en regional bostadsmarknadsanalys som används i kommunernas arbete med riktlinjer för bostadsförsörjningen.",
    "Arbetet med kommersiell service har bedrivits inom det regionala serviceprogrammet, där stöd till dagligvarubutiker på landsbygden har varit en viktig del.",
    "Servicepunkter har utvecklats i sex orter i inlandet i samarbete med kommunerna och lokala föreningar.",
    "Regionen har deltagit i arbetet med den regionala planeringen, där frågor om bostäder, vatten och energi har behandlats tillsammans med Länsstyrelsen.",
  ],
  4: [
    "Kompetensplattformen har varit navet i arbetet och samlar kommunerna, Arbetsförmedlingen, lärosätena och branschorganisationerna.",
    "Under året har regionen prioriterat att utveckla yrkesvuxenutbildningen i samverkan med kommunerna så att utbudet bättre motsvarar arbetsmarknadens behov.",
    "Lärcentrumen i länets kommuner har fått stöd för att kunna erbjuda högskoleutbildning på distans till personer som bor långt från lärosätena.",
    "Branschråd inom vård och omsorg, industri och byggsektorn har bidragit med prognoser över rekryteringsbehoven de kommande fem åren.",
  ],
  5: [
    "Arbetet med smart specialisering har fokuserat på de prioriterade områdena hållbar industri, life science och digitala tjänster.",
    "Regionen har tillsammans med Almi, Vinnova och inkubatorerna utvecklat stödsystemet för innovativa företag i tidiga skeden.",
    "Insatser för internationalisering har genomförts i samarbete med Business Sweden och handelskammaren.",
    "Företagsstöden har under året i större utsträckning riktats till investeringar som bidrar till energieffektivisering och cirkulära affärsmodeller.",
  ],
  6: [
    "Den regionala transportplanen har genomförts i nära samverkan med Trafikverket och kommunerna, med fokus på trafiksäkerhet och kollektivtrafik.",
    "Bredbandsutbyggnaden har fortsatt med stöd av Post- och telestyrelsen, och andelen hushåll med tillgång till snabbt bredband har ökat.",
    "Regionen har arbetat för bättre tågförbindelser längs kusten genom samarbetet kring Norrbotniabanan.",
    "Digital inkludering har stärkts genom att biblioteken och studieförbunden erbjuder vägledning i digitala tjänster.",
  ],
  7: [
    "Regionen har en handlingsplan för jämställdhetsintegrering som omfattar samtliga verksamhetsområden inom regional utveckling.",
    "Projektägare som söker regionala utvecklingsmedel ska redovisa hur insatsen bidrar till jämställdhet, och handläggarna har fått stöd i att bedöma detta.",
    "Tillsammans med Länsstyrelsen har regionen arbetat i det regionala jämställdhetsnätverket där kommunerna och civilsamhällets organisationer deltar.",
    "En utmaning är den könsuppdelade arbetsmarknaden, där kvinnor och män fortfarande i stor utsträckning väljer olika utbildningar och yrken.",
  ],
  8: [
    "Regionen har samverkat med Länsstyrelsen, Arbetsförmedlingen och kommunerna kring mottagandet av nyanlända och personer som har flytt från Ukraina.",
    "Folkbildningen och föreningslivet har haft en viktig roll i arbetet med språkträning och introduktion till arbetsmarknaden.",
    "Validering av utländsk kompetens har lyfts som en prioriterad fråga i dialogen med näringslivet.",
    "En utmaning är att många insatser är projektfinansierade, vilket gör det svårt att skapa långsiktiga strukturer.",
  ],
  9: [
    "Den regionala klimat- och energistrategin har varit vägledande, och arbetet har bedrivits tillsammans med Länsstyrelsen och Energikontoret.",
    "Regionen har stöttat kommunernas arbete med klimatanpassning och med att planera för ökad elproduktion.",
    "Näringslivet har involverats genom Klimatklivet, nätverket för fossilfria transporter och satsningar på cirkulär ekonomi.",
    "En utmaning är målkonflikten mellan snabb industriutbyggnad och skyddet av naturmiljöer och rennäringens marker.",
  ],
};
const F = {
  "10.1": [
    "Fördelningen av anslaget har utgått från den regionala utvecklingsstrategins prioriteringar och från efterfrågan hos länets företag och projektägare.",
    "Ungefär hälften av anslaget har använts till projektverksamhet, eftersom regionen bedömer att långsiktiga utvecklingsprojekt ger störst effekt på strukturell förändring.",
    "Regionala företagsstöd har prioriterats till investeringar i små och medelstora företag i inlandet, där tillgången till privat kapital är begränsad.",
    "Stöd till kommersiell service har fördelats enligt det regionala serviceprogrammet till butiker som har en strategisk betydelse för sin ort.",
  ],
  "10.2": [
    "Alla ansökningar bedöms utifrån ekonomisk, social och miljömässig hållbarhet med hjälp av en gemensam bedömningsmall.",
    "Projekt som bidrar till flera hållbarhetsdimensioner får högre prioritet, och sökande som saknar en jämställdhetsanalys får komplettera ansökan.",
    "För företagsstöden ställs krav på att investeringen inte försämrar miljön och att företaget följer kollektivavtal eller motsvarande villkor.",
  ],
  "10.5": [
    "Beslut om medel har tagits med hänsyn till skillnader mellan kust och inland, och stödnivåerna är högre i de kommuner som har störst utmaningar.",
    "I beredningen används Tillväxtverkets kommungrupper och regionens egna tillgänglighetsanalyser för att bedöma de territoriella effekterna.",
    "Kommunerna har genom de delregionala beredningarna möjlighet att lyfta lokala behov innan besluten fattas.",
  ],
};
const EXPLAIN = [
  "Anslaget har finansierat projekt inom samtliga fyra prioriterade områden i strategin, bland annat kompetensplattformen, serviceprogrammet och satsningar på smart specialisering. Bedömningen baseras på en uppföljning av beviljade projekt.",
  "",
  "Anslaget har använts som regional medfinansiering i tre Interreg Aurora-projekt om gränsöverskridande kompetensförsörjning och hållbara transporter tillsammans med Österbotten och Nordnorge.",
];
const OM_NEJ = "Under 2023 har inga projekt inom det nationella och de regionala programmen för Europeiska regionala utvecklingsfonden medfinansierats med anslaget, eftersom den nya programperiodens utlysningar öppnade först under hösten och medfinansieringen beslutades av Länsstyrelsen och kommunerna.";

// Group fractions of the limit (all within 40–70 %).
const FRACTION = [0.55, 0.5, 0.6, 0.45, 0.5, 0.55, 0.6, 0.5, 0.55, 0.5];

function compose(pool, target, seed, sec) {
  const out = [];
  let n = 0;
  for (const s of pool) {
    if (n >= target) break;
    if (out.includes(s)) continue;
    out.push(s);
    n += cp(s) + (out.length > 1 ? 1 : 0);
  }
  const text = out.map((s) => s.replaceAll("{arb}", ARB[sec])).map((s, i) => (i === 0 ? s[0].toUpperCase() + s.slice(1) : s));
  // two paragraphs for longer answers, split at the sentence nearest the middle
  if (n > 900 && text.length >= 4) {
    const half = Math.floor(text.length / 2);
    return [text.slice(0, half).join(" "), text.slice(half).join(" ")];
  }
  return [text.join(" ")];
}

function poolFor(qid, sec, idx) {
  const seed = 1000 + Math.round(parseFloat(qid) * 100);
  if (sec === 10) return [...F[qid], ...shuffled(qid === "10.1" ? G : qid === "10.2" ? H : T, seed)];
  if (sec >= 7) return [...X[sec], ...shuffled([...G, ...H], seed)];
  if (sec === 2) {
    if (idx === 0) return [X[2][0], X[2][1], ...shuffled([...X[2].slice(2), ...G], seed)];
    if (idx === 1) return [X[2][2], X[2][4], X[2][5], ...shuffled([X[2][3], ...G], seed)];
    if (idx === 2) return [X[2][6], X[2][7], ...shuffled(H, seed)];
    return shuffled([...T, X[2][3]], seed);
  }
  if (idx === 0) return [...X[sec], ...shuffled(G, seed)];
  if (idx === 1) return shuffled([...H, ...G.slice(6, 12)], seed);
  return shuffled([...T, ...G.slice(2, 9)], seed);
}

// Build the base answer model: qid -> array of paragraphs, each an array of segments
// {t} text | {ins} inserted | {del} deleted | {sym, font} symbol.
function baseAnswers() {
  const ans = {};
  spec.limits.forEach((grp, gi) => {
    const budget = grp.max * FRACTION[gi];
    const textQs = grp.questions.filter((q) => !["10.3", "10.4"].includes(q));
    let reserved = 0;
    if (grp.questions.includes("10.4")) reserved = EXPLAIN.reduce((a, s) => a + cp(s), 0) + cp(OM_NEJ);
    const target = (budget - reserved) / textQs.length - 60;
    textQs.forEach((qid, idx) => {
      const sec = parseInt(qid, 10);
      ans[qid] = compose(poolFor(qid, sec, idx), target, 0, sec).map((p) => [{ t: p }]);
    });
  });
  return ans;
}

const INSATSER = {
  "3.4": [
    ["Servicepunkter i inlandet. Utveckling av servicepunkter i dagligvarubutiker med paketutlämning, apoteksombud och digital vägledning.", "6 servicepunkter etablerade, 4 kommuner och 11 föreningar deltog, 2 400 besök per månad.", "Ökad tillgång till service på orterna. Bedömningen baseras på en uppföljning av besöksstatistiken.", "RUS: Hög livskvalitet i hela Västerbotten; Regionalt serviceprogram 2022–2025."],
    ["Regional bostadsmarknadsanalys. Gemensam analys av bostadsbehoven med länets kommuner.", "1 analysrapport, 15 kommuner deltog, 3 workshoppar.", "Kommunerna har använt analysen i sina riktlinjer för bostadsförsörjning. Bedömningen baseras på en egen bedömning.", "RUS: God samhällsplanering."],
    ["Hälsofrämjande livsmiljöer. Samverkan med civilsamhällets organisationer kring mötesplatser för unga.", "9 mötesplatser, 350 deltagare, 5 organisationer.", "Fler unga deltar i föreningslivet. Bedömningen baseras på en uppföljning från projektägarna.", "RUS: Likvärdiga möjligheter till boende, arbete och välfärd."],
  ],
  "4.4": [
    ["Kompetensplattform Västerbotten. Samordning av kommunernas vuxenutbildning med arbetsmarknadens behov.", "4 branschråd, 22 möten, 15 kommuner.", "Fler yrkesutbildningar har anpassats efter behoven. Bedömningen baseras på en utvärdering genomförd 2023.", "RUS: Utvecklat regionalt kompetensförsörjningsarbete."],
    ["Lärcentrum i samverkan. Stöd till lärcentrum för distansutbildning.", "8 lärcentrum, 640 studerande, 12 utbildningar.", "Ökad tillgång till högre utbildning i inlandet. Bedömningen baseras på en uppföljning av antalet studerande.", "RUS: Infrastruktur för livslångt lärande."],
    ["Validering inom industri. Validering av yrkeskompetens tillsammans med branschorganisationer.", "120 validerade personer, 3 branscher.", "Kortare väg till anställning. Bedömningen baseras på en egen bedömning.", "RUS: Kompetensförsörjning; ERUF-program Övre Norrland."],
  ],
  "5.4": [
    ["Smart specialisering hållbar industri. Nätverk och förstudier för företag i omställning.", "45 företag, 12 förstudier, 3 nya samarbeten med lärosäten.", "Ökad innovationsförmåga i företagen. Bedömningen baseras på en uppföljning.", "RUS: Smart specialisering; ERUF-program Övre Norrland."],
    ["Inkubatorprogram för landsbygden. Affärsutveckling för nya företag i inlandet.", "28 bolag i programmet, 9 nystartade företag.", "Fler livskraftiga företag. Bedömningen baseras på en egen bedömning.", "RUS: Entreprenörskap och företagande i hela länet."],
    ["Exportsatsning Norr. Stöd till internationalisering tillsammans med Business Sweden.", "31 företag, 6 exportfrämjande resor.", "Ökad export för deltagande företag. Bedömningen baseras på en utvärdering.", "RUS: Internationalisering och ökad export."],
  ],
  "6.4": [
    ["Bredband till de sista hushållen. Samordning av stöd till utbyggnad på landsbygden.", "1 150 hushåll anslutna, 7 kommuner.", "Högre andel hushåll med snabbt bredband. Bedömningen baseras på en uppföljning av PTS statistik.", "RUS: Förbättrad tillgång till snabbt bredband."],
    ["Pendlingsstråk kust–inland. Utveckling av kollektivtrafik med Trafikverket och kommunerna.", "2 nya linjer, 14 000 resor.", "Ökad pendling med kollektivtrafik. Bedömningen baseras på en egen bedömning.", "RUS: Tillgänglighet genom hållbara transportsystem."],
    ["Digital vägledning på bibliotek. Stöd till digital inkludering.", "19 bibliotek, 1 900 vägledningstillfällen.", "Fler äldre använder digitala tjänster. Bedömningen baseras på en uppföljning.", "RUS: Ökad digital användning."],
  ],
  "7.2": [
    ["Jämställd regional tillväxt. Utbildning av handläggare och projektägare i jämställdhetsanalys.", "6 utbildningar, 140 deltagare.", "Bättre jämställdhetsanalyser i ansökningar. Bedömningen baseras på en uppföljning.", "RUS: Jämställdhet som horisontellt perspektiv."],
    ["Kvinnors företagande. Affärsrådgivning riktad till kvinnor som driver företag.", "85 företagare, 12 träffar.", "Fler kvinnor söker företagsstöd. Bedömningen baseras på en egen bedömning.", "RUS: Entreprenörskap i hela länet."],
    ["Otraditionella yrkesval. Samverkan med skolor och näringslivet om studie- och yrkesvägledning.", "20 skolor, 1 100 elever.", "Ökad kunskap om yrken hos elever. Bedömningen baseras på en utvärdering.", "RUS: Kompetensförsörjning."],
  ],
  "8.2": [
    ["Språkvänner i föreningslivet. Språkträning i samverkan med studieförbund.", "240 deltagare, 14 föreningar.", "Förbättrade språkkunskaper. Bedömningen baseras på en uppföljning.", "RUS: Likvärdiga möjligheter."],
    ["Snabbare väg till jobb. Validering och praktik i samarbete med Arbetsförmedlingen.", "160 deltagare, 70 praktikplatser.", "44 deltagare fick anställning. Bedömningen baseras på en uppföljning.", "RUS: Kompetensförsörjning."],
    ["Mottagande av personer från Ukraina. Samordning med Länsstyrelsen och kommunerna.", "10 samordningsmöten, 15 kommuner.", "Bättre samordnat mottagande. Bedömningen baseras på en egen bedömning.", "RUS: Inkludering."],
  ],
  "9.2": [
    ["Fossilfria transporter. Nätverk för laddinfrastruktur och biogas.", "35 laddplatser, 18 företag i nätverket.", "Minskade utsläpp från transporter. Bedömningen baseras på en egen bedömning.", "RUS: Klimat- och miljömässigt hållbar ekonomi."],
    ["Klimatanpassning i kommunerna. Stöd till riskanalyser.", "9 kommuner, 9 riskanalyser.", "Ökad beredskap för extremväder. Bedömningen baseras på en uppföljning.", "Regional klimat- och energistrategi."],
    ["Cirkulära affärsmodeller. Rådgivning till små och medelstora företag.", "42 företag, 11 nya affärsmodeller.", "Minskad resursanvändning. Bedömningen baseras på en utvärdering.", "RUS: Cirkulär och biobaserad ekonomi; ERUF-program Övre Norrland."],
  ],
};

// ---------------------------------------------------------------------------
// Document building
const P = (text, opts = {}) => new Paragraph({ ...opts, children: [new TextRun(text)] });

function segRuns(segs, idBox) {
  return segs.map((s) => {
    if (s.t !== undefined) return new TextRun(s.t);
    if (s.ins !== undefined) return new InsertedTextRun({ text: s.ins, id: idBox.next++, author: "Anna Lindberg", date: REVISION_DATE });
    if (s.del !== undefined) return new DeletedTextRun({ text: s.del, id: idBox.next++, author: "Anna Lindberg", date: REVISION_DATE });
    if (s.sym !== undefined) return new SymbolRun({ char: s.sym, symbolfont: s.font });
    throw new Error("bad segment");
  });
}
const segChars = (segs) => segs.reduce((a, s) => a + (s.t !== undefined ? cp(s.t) : s.ins !== undefined ? cp(s.ins) : s.sym !== undefined ? 1 : 0), 0);
const segText = (segs) => segs.map((s) => (s.t ?? s.ins ?? (s.sym !== undefined ? "\uFFFD" : ""))).join("");

const tcell = (paras, width, header = false) => new TableCell({
  width: { size: width, type: WidthType.PERCENTAGE },
  shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "D9E2F3" } : undefined,
  children: paras.length
    ? paras.map((t, i) => new Paragraph({ children: [new TextRun({ ...TABLE_RUN, text: t, bold: header && i === 0 })] }))
    : [new Paragraph({})],
});

function insatsTable(rows) {
  const hdrs = spec.insats_columns;
  const ht = spec.insats_header_texts;
  const headerParas = [[hdrs[0]], [hdrs[1], ht[0]], [hdrs[2], ht[1], ht[2]], [hdrs[3], ht[3]]];
  const widths = [25, 25, 25, 25];
  const trs = [new TableRow({ tableHeader: true, children: headerParas.map((p, i) => tcell(p, widths[i], true)) })];
  for (let r = 0; r < 5; r++) {
    const row = rows[r];
    trs.push(new TableRow({ children: widths.map((w, i) => tcell(row ? [row[i]] : [], w)) }));
  }
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: trs });
}

function strategyTable() {
  const b = (s) => { if (!spec.boilerplate.includes(s)) throw new Error("not in spec: " + s); return s; };
  const groups = [
    ["Likvärdiga möjligheter till boende, arbete och välfärd i hela landet", ["Hög livskvalitet med goda och attraktiva livsmiljöer", "God samhällsplanering", "God tillgång till kommersiell och offentlig service"]],
    ["Kompetensförsörjning och kompetensutveckling i hela landet", ["Väl fungerande infrastruktur för kompetensförsörjning och livslångt lärande", "Utvecklat regionalt kompetensförsörjningsarbete"]],
    ["Innovation och förnyelse samt entreprenörskap och företagande i hela landet", ["Omställning genom starka regionala innovationssystem och smart specialisering", "En konkurrenskraftig, cirkulär och biobaserad samt klimat- och miljömässigt hållbar ekonomi", "Tillvarata digitaliseringens möjligheter", "Ett gott näringslivsklimat med goda ramvillkor och väl fungerande kapitalförsörjning", "Internationalisering, investeringsfrämjande och ökad export"]],
    ["Tillgänglighet i hela landet genom digital kommunikation och transportsystemet", ["Förbättrad tillgång till snabbt bredband och ökad digital användning", "Tillgänglighet genom hållbara transportsystem"]],
  ];
  const rows = [new TableRow({ tableHeader: true, children: [tcell([b("Strategiska områden")], 40, true), tcell([b("Prioriteringar")], 60, true)] })];
  for (const [area, prios] of groups) rows.push(new TableRow({ children: [tcell([b(area)], 40), tcell(prios.map(b), 60)] }));
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });
}

// Boilerplate in template order; headings and footnote positions follow the template md.
function introBlocks() {
  const bp = spec.boilerplate;
  const H1 = new Set(["Instruktioner", "Begreppsförtydliganden", "Nationell strategi för hållbar regional utveckling i hela landet 2021–2030", "Frågor att besvara - Återrapportering"]);
  const H2 = new Set(["Redovisning av samverkan och samråd", "Exempel på insatser", "Resultatbeskrivning", "Definitioner och exempel – resultat", "Hållbarhetsdimensionerna och Agenda 2030", "Territoriellt perspektiv"]);
  const inTable = new Set(bp.slice(bp.indexOf("Strategiska områden"), bp.indexOf("Frågor att besvara - Återrapportering")));
  const bullets = new Set(bp.filter((s) => /^(Prestationer|Effekter på (kort|medellång|lång) sikt) – /.test(s)));
  // [paragraph text, text after which the footnote reference stands, footnote id]
  const notes = [
    [bp.find((s) => s.startsWith("I bifogat villkorsbeslut")), "I bifogat villkorsbeslut", 1],
    [bp.find((s) => s.startsWith("I Nationell strategi för hållbar")), "I Nationell strategi för hållbar regional utveckling i hela landet 2021–2030", 2],
    [bp.find((s) => s.startsWith("Frågorna 3–6 är strukturerade")), "Frågorna 3–6 är strukturerade enligt de fyra strategiska områdena i Nationell strategi för hållbar regional utveckling i hela landet 2021–2030", 3],
  ];
  const out = [];
  for (const s of bp.slice(1)) { // [0] is the title, written separately
    if (inTable.has(s)) {
      if (s === "Strategiska områden") out.push(strategyTable());
      continue;
    }
    const note = notes.find((n) => n[0] === s);
    if (H1.has(s)) out.push(P(s, { heading: HeadingLevel.HEADING_1 }));
    else if (H2.has(s)) out.push(P(s, { heading: HeadingLevel.HEADING_2 }));
    else if (bullets.has(s)) out.push(P(s, { bullet: { level: 0 } }));
    else if (note) out.push(new Paragraph({ children: [new TextRun(note[1]), new FootnoteReferenceRun(note[2]), new TextRun(s.slice(note[1].length))] }));
    else out.push(P(s));
  }
  return out;
}

function buildDocument(v) {
  const idBox = { next: 1 };
  const children = [
    P(spec.title, { heading: HeadingLevel.TITLE }),
    P("Region Västerbotten. Diarienummer N2022/2395 och Ä2023–2905."),
    ...introBlocks(),
  ];
  for (const sec of spec.sections) {
    const secNum = parseInt(sec.id, 10);
    const secRuns = [new TextRun(sec.title)];
    if (SECTION_FOOTNOTE[secNum]) secRuns.push(new FootnoteReferenceRun(SECTION_FOOTNOTE[secNum]));
    children.push(new Paragraph({
      heading: HeadingLevel.HEADING_1,
      numbering: Number.isNaN(secNum) ? undefined : { reference: NUMREF, level: 0 },
      children: secRuns,
    }));
    sec.intro.forEach((t, i) => {
      if (sec.id === "övrigt" && i === sec.intro.length - 1) children.push(new Paragraph({ children: [new TextRun(t), new FootnoteReferenceRun(15)] }));
      else children.push(P(t));
    });
    for (const q of sec.questions) {
      if (q.id === "övrigt") {
        for (const para of v.answers["övrigt"] ?? []) children.push(new Paragraph({ children: segRuns(para, idBox) }));
        continue;
      }
      const qRuns = [new TextRun(q.text)];
      if (QUESTION_FOOTNOTE[q.id]) qRuns.push(new FootnoteReferenceRun(QUESTION_FOOTNOTE[q.id]));
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, numbering: { reference: NUMREF, level: 1 }, children: qRuns }));
      if (q.kind === "insatser") {
        children.push(insatsTable(INSATSER[q.id]));
        children.push(new Paragraph({}));
      } else if (q.kind === "choices") {
        q.items.forEach((item, i) => {
          children.push(P(item, { bullet: { level: 0 } }));
          const box = v.boxes[i];
          for (const [label, checked] of [["Ja", box.ja], ["Nej", box.nej]]) {
            children.push(new Paragraph({ indent: { left: 720 }, children: [new TextRun(label + " "), new CheckBox({ checked, alias: label })] }));
          }
        });
      } else if (q.kind === "explanations") {
        q.items.forEach((item, i) => {
          children.push(P(item, { bullet: { level: 0 } }));
          children.push(new Paragraph({ indent: { left: 720 }, children: v.explain[i] ? [new TextRun(v.explain[i])] : [] }));
        });
        children.push(P(q.otherwise));
        children.push(new Paragraph({ children: v.omNej ? [new TextRun(v.omNej)] : [] }));
      } else {
        for (const para of v.answers[q.id]) children.push(new Paragraph({ children: segRuns(para, idBox) }));
      }
    }
  }

  const footnotes = Object.fromEntries(Object.entries(FOOTNOTES).map(([k, t]) => [k, { children: [new Paragraph(t)] }]));
  return new Document({
    creator: "Region Västerbotten",
    lastModifiedBy: v.tracked ? "Anna Lindberg" : "Region Västerbotten",
    title: spec.title,
    revision: 3,
    styles: {
      default: {
        document: { run: { font: "Cambria", size: 22 } },
        heading1: { run: { font: "Cambria", size: 28, bold: true, color: "000000" }, paragraph: { spacing: { before: 240, after: 120 } } },
        heading2: { run: { font: "Cambria", size: 24, bold: true, color: "000000" }, paragraph: { spacing: { before: 200, after: 80 } } },
      },
    },
    numbering: {
      config: [{
        reference: NUMREF,
        levels: [
          { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 567 } } } },
          { level: 1, format: LevelFormat.DECIMAL, text: "%1.%2", alignment: AlignmentType.START, style: { paragraph: { indent: { left: 709, hanging: 709 } } } },
        ],
      }],
    },
    footnotes,
    sections: [{
      properties: {},
      footers: {
        default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ children: [PageNumber.CURRENT, "(", PageNumber.TOTAL_PAGES, ")"] })] })] }),
      },
      children,
    }],
  });
}

// Make the package byte-for-byte reproducible: fixed core.xml dates and zip mtimes.
function normalise(buf) {
  const files = unzipSync(new Uint8Array(buf));
  const core = strFromU8(files["docProps/core.xml"])
    .replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${FIXED_DATE}`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${FIXED_DATE}`);
  files["docProps/core.xml"] = strToU8(core);
  const mtime = new Date(2024, 1, 14, 9, 30, 0);
  const entries = Object.fromEntries(Object.keys(files).map((k) => [k, [files[k], { mtime }]]));
  return { zip: Buffer.from(zipSync(entries, { level: 6 })), documentXml: strFromU8(files["word/document.xml"]) };
}

// ---------------------------------------------------------------------------
// Expectations, computed from the model that was written.
function expectations(v, purpose, findings) {
  const questions = {};
  for (const sec of spec.sections) for (const q of sec.questions) {
    if (q.kind === "insatser") questions[q.id] = { status: "answered" };
    else if (q.kind === "choices") questions[q.id] = { status: "answered" };
    else if (q.kind === "explanations") {
      const texts = [...v.explain, v.omNej].filter(Boolean);
      const chars = texts.reduce((a, s) => a + cp(s), 0);
      questions[q.id] = chars ? { status: "answered", chars, starts_with: first30(texts[0]) } : { status: "unanswered", chars: 0 };
    } else {
      const paras = v.answers[q.id] ?? [];
      const chars = paras.reduce((a, p) => a + segChars(p), 0);
      questions[q.id] = chars ? { status: "answered", chars, starts_with: first30(segText(paras[0])) } : { status: "unanswered", chars: 0 };
    }
  }
  const insatser = Object.fromEntries(Object.entries(INSATSER).map(([k, rows]) => [k, rows.length]));
  const choice = (b) => (b.ja && !b.nej ? "ja" : b.nej && !b.ja ? "nej" : "");
  const choices = Object.fromEntries(v.boxes.map((b, i) => [String(i + 1), choice(b)]));
  const groups = spec.limits.map((g) => {
    const used = g.questions.reduce((a, q) => a + (questions[q].chars ?? 0), 0);
    return { questions: g.questions, max: g.max, chars: used, percent: Math.round((1000 * used) / g.max) / 10 };
  });
  return {
    producer: PRODUCER,
    purpose,
    diarienummer_text: "N2022/2395 och Ä2023–2905",
    questions,
    insatser,
    choices,
    boxes: Object.fromEntries(v.boxes.map((b, i) => [String(i + 1), { ja: b.ja, nej: b.nej }])),
    explanations: { "1": cp(v.explain[0]), "2": cp(v.explain[1]), "3": cp(v.explain[2]), om_nej: cp(v.omNej) },
    limit_groups: groups,
    findings,
  };
}

function checkGroups(exp, name) {
  for (const g of exp.limit_groups) {
    if (g.percent < 40 || g.percent > 70) throw new Error(`${name}: group ${g.questions.join(",")} at ${g.percent}%`);
  }
}

// Sanity check against the written XML: every answer text run must be there.
function checkXml(xml, v, name) {
  const esc = (s) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  for (const paras of Object.values(v.answers)) for (const p of paras) for (const s of p) {
    const t = s.t ?? s.ins ?? s.del;
    if (t && !xml.includes(esc(t))) throw new Error(`${name}: text not found in document.xml: ${t.slice(0, 40)}`);
  }
  const checked = (xml.match(/<w14:checked w14:val="1"\/>/g) ?? []).length;
  const want = v.boxes.reduce((a, b) => a + (b.ja ? 1 : 0) + (b.nej ? 1 : 0), 0);
  if (checked !== want) throw new Error(`${name}: ${checked} checked boxes, want ${want}`);
}

async function write(name, v, purpose, findings) {
  const { zip, documentXml } = normalise(await Packer.toBuffer(buildDocument(v)));
  checkXml(documentXml, v, name);
  const exp = expectations(v, purpose, findings);
  checkGroups(exp, name);
  fs.writeFileSync(path.join(OUT, name + ".docx"), zip);
  fs.writeFileSync(path.join(OUT, name + ".expect.json"), JSON.stringify(exp, null, 2) + "\n");
  console.log(`${name}.docx ${zip.length} bytes`);
}

// ---------------------------------------------------------------------------
// The three variants
const baseVariant = () => ({
  answers: baseAnswers(),
  boxes: [{ ja: true, nej: false }, { ja: false, nej: true }, { ja: true, nej: false }],
  explain: [...EXPLAIN],
  omNej: OM_NEJ,
  tracked: false,
});

fs.mkdirSync(OUT, { recursive: true });

await write("npmdocx-report", baseVariant(),
  "Complete, correctly filled report from the npm docx library: headings numbered by list numbering (numPr on Heading 1/2, %1. and %1.%2; numbers not in the text), real footnotes, answers as plain paragraphs, insats tables with 3 filled and 2 empty rows, 10.3 as w14:checkbox content controls with w:sym glyphs, 10.4 item 2 empty (10.3 item 2 is Nej, 'Om nej' answered), Övriga medskick empty; Cambria 11 defaults, Calibri 8 table runs.",
  []);

{
  const v = baseVariant();
  v.tracked = true;
  // 1.1: a tracked insertion at the end of the first paragraph
  v.answers["1.1"][0].push({ ins: " Genomförandeplanen följs upp två gånger per år av den regionala utvecklingsnämnden." });
  // 2.2: a tracked deletion of the second sentence of the first paragraph
  {
    const p = v.answers["2.2"][0];
    const sentences = p[0].t.split(/(?<=\.) /);
    const del = sentences[1] + " ";
    v.answers["2.2"][0] = [{ t: sentences[0] + " " }, { del }, { t: sentences.slice(2).join(" ") }];
  }
  // 3.1: Wingdings arrow symbols (w:sym, 1 character each)
  v.answers["3.1"][0].push({ t: " Resultatkedjan följs upp i tre steg: insats " }, { sym: "F0E8", font: "Wingdings" },
    { t: " prestation " }, { sym: "F0E8", font: "Wingdings" }, { t: " effekt." });
  await write("npmdocx-tracked", v,
    "The npm-docx report with tracked changes: InsertedTextRun (w:ins) in 1.1, DeletedTextRun (w:del/w:delText) in 2.2, and SymbolRun (w:sym, Wingdings F0E8, counted as 1 character each) in 3.1. Chars are for the accepted view (insertion counted, deletion not).",
    ["tracked_changes"]);
}

{
  const v = baseVariant();
  v.boxes = [{ ja: true, nej: true }, { ja: false, nej: false }, { ja: false, nej: true }];
  v.omNej = "";
  await write("npmdocx-choices", v,
    "The npm-docx report with broken 10.3 choices: item 1 both Ja and Nej checked, item 2 neither (choice_missing for items 1 and 2; choices value \"\" for both), item 3 Nej with the 'Om nej' answer empty (explanation_missing). 10.4 items 1 and 3 still answered.",
    ["choice_missing", "explanation_missing"]);
}
