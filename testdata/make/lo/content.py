"""Fixed Swedish answer texts for the LibreOffice-built fixtures (no randomness).

Each free-text answer is a list of paragraphs; a paragraph is a list of
segments (kind, text). Kinds: "t" plain text, "ins"/"del" tracked insertion /
deletion, "ph" content control showing its placeholder, "cc" filled content
control, "ft" legacy FORMTEXT field (text = its result).
"""

ACTORS = ("kommunerna, Länsstyrelsen, Trafikverket, näringslivet och "
          "civilsamhällets organisationer")

ANSWERS = {
    "1.1": "Arbetet med den regionala utvecklingsstrategin har under 2023 letts av regionala "
           "utvecklingsnämnden, och genomförandet har samordnats i ett strategiskt forum där "
           + ACTORS + " deltar. En utmaning har varit att hålla samman många parallella processer, "
           "medan gemensamma handlingsplaner har varit en framgångsfaktor.",
    "1.2": "Hållbarhetsdimensionerna har integrerats genom en gemensam bedömningsmodell som används "
           "vid prioritering av insatser. Modellen har tagits fram tillsammans med " + ACTORS + ".",
    "1.3": "Strategin skiljer mellan de större tätorterna, kustkommunerna och de glesa "
           "inlandskommunerna. Landsbygdsanalysen från 2022 har använts för att anpassa insatserna "
           "efter lokala förutsättningar.",
    "2.1": "Under året har regionen genomfört en analys av kompetensbehoven i länet och en uppföljning "
           "av strategins indikatorer. Analyserna har tagits fram i dialog med kommunerna, "
           "Länsstyrelsen, Tillväxtverket, näringslivet och civilsamhällets organisationer.",
    "2.2": "En årlig uppföljningsplan fastställs av regionstyrelsen och resultaten redovisas i en "
           "lägesrapport. Erfarenheterna diskuteras i det strategiska forumet och används när "
           "handlingsplanerna revideras.",
    "2.3": "Samtliga uppföljningar redovisar indikatorer för ekonomisk, social och miljömässig "
           "hållbarhet. Statistiken redovisas uppdelad på kön och ålder där det är möjligt.",
    "2.4": "Analyserna redovisas på kommunnivå och för funktionella arbetsmarknadsregioner. "
           "Skillnader mellan stad och landsbygd lyfts särskilt fram.",
    "3.1": "Arbetet har fokuserat på bostadsförsörjning och tillgång till kommersiell service i "
           "glesbygd. Insatserna har genomförts tillsammans med " + ACTORS + ".",
    "3.2": "Insatserna för service på landsbygden har kombinerat ekonomiskt stöd till lanthandlare "
           "med sociala mötesplatser och minskade transporter, vilket bidrar till flera "
           "samhällsutmaningar samtidigt.",
    "3.3": "Stödet till kommersiell service riktas till orter med långt avstånd till närmaste "
           "dagligvarubutik. Bostadsanalysen har tagits fram per kommun.",
    "4.1": "Kompetensförsörjningsarbetet har bedrivits inom en regional kompetensplattform där "
           "kommunerna, Länsstyrelsen, Arbetsförmedlingen, näringslivet och civilsamhällets "
           "organisationer deltar. En utmaning är att nå de minsta företagen.",
    "4.2": "Kompetensinsatserna har riktats mot branscher i omställning, bland annat energi och "
           "besöksnäring, med särskilt fokus på att fler unga och utrikes födda ska komma i arbete.",
    "4.3": "Lärcentrum i inlandskommunerna har gjort det möjligt att studera på distans, och "
           "utbildningsutbudet har anpassats efter behoven i varje arbetsmarknadsregion.",
    "5.1": "Arbetet med innovation och företagande har utgått från strategin för smart specialisering. "
           "Regionen har samverkat med kommunerna, Länsstyrelsen, Almi, Vinnova, näringslivet och "
           "civilsamhällets organisationer.",
    "5.2": "Insatserna har prioriterat cirkulära affärsmodeller och energieffektivisering i små och "
           "medelstora företag, samtidigt som kvinnors företagande har lyfts fram.",
    "5.3": "Företagsrådgivningen har gjorts tillgänglig i samtliga kommuner genom lokala "
           "kontaktpersoner och digitala möten.",
    "6.1": "Arbetet har inriktats på bredbandsutbyggnad och regional kollektivtrafik. Samverkan har "
           "skett med kommunerna, Länsstyrelsen, Trafikverket, Post- och telestyrelsen, näringslivet "
           "och civilsamhällets organisationer.",
    "6.2": "Satsningen på kollektivtrafik och laddinfrastruktur minskar utsläppen och ökar "
           "tillgängligheten till arbete och utbildning för grupper utan egen bil.",
    "6.3": "Bredbandsstödet har prioriterat områden där marknaden inte bygger ut på egen hand, "
           "främst på landsbygden i inlandet.",
    "7.1": "Jämställdhetsintegreringen har bedrivits genom utbildning av projektägare och krav på "
           "könsuppdelad statistik. Regionen har samverkat med kommunerna, Länsstyrelsen, "
           "Tillväxtverket, näringslivet och civilsamhällets organisationer; tydliga krav i "
           "ansökningarna har varit en framgångsfaktor.",
    "8.1": "Arbetet med integration har bedrivits i samverkan med kommunerna, Länsstyrelsen, "
           "Arbetsförmedlingen, näringslivet och civilsamhällets organisationer. Språkstöd på "
           "arbetsplatser har varit en framgångsfaktor, medan långa handläggningstider är en utmaning.",
    "9.1": "Miljö- och klimatarbetet har integrerats i alla beslut om projektmedel genom en "
           "klimatbedömning. Samverkan har skett med kommunerna, Länsstyrelsen, Energimyndigheten, "
           "näringslivet och civilsamhällets organisationer.",
    "10.1": "Huvuddelen av anslaget har fördelats till projektverksamhet eftersom den bäst bidrar till "
            "strategins långsiktiga mål. Regionala företagsstöd och stöd till kommersiell service har "
            "getts där marknaden inte räcker till.",
    "10.2": "Alla ansökningar bedöms utifrån ekonomisk, social och miljömässig hållbarhet med stöd av "
            "en checklista, och projekt som inte uppfyller grundkraven beviljas inte.",
    "10.5": "Stödnivåerna är högre i inlandskommunerna, och varje beslut om medel föregås av en analys "
            "av hur insatsen påverkar olika delar av länet.",
    "övrigt": "Regionen vill framhålla behovet av långsiktiga och förutsägbara villkor för det "
              "regionala utvecklingsarbetet.",
}

# 10.4: one explanation per 10.3 item (used when that item is "ja").
EXPLANATIONS = [
    "Anslaget har finansierat flera av de insatser som genomför strategins mål om "
    "kompetensförsörjning och innovation.",
    "Projektmedlen har använts som regional medfinansiering i ERUF-projekt inom innovation och "
    "energiomställning.",
    "Anslaget har medfinansierat två Interreg-projekt om en gränsöverskridande arbetsmarknad.",
]
# "Om nej" text, per item that is answered "nej".
OM_NEJ = [
    "Anslaget har inte bidragit till strategins mål under året eftersom medlen var uppbundna i "
    "tidigare beslut.",
    "Anslaget har inte använts som medfinansiering i ERUF-projekt under 2023 eftersom den nya "
    "programperioden ännu var i ett tidigt skede.",
    "Anslaget har inte använts för medfinansiering av Interreg-projekt under 2023 eftersom inga "
    "ansökningar kom in.",
]

# Two filled rows per insats table: (name + description, prestationer, effekter, mål).
INSATSER = {
    "3.4": [
        ("Servicepunkter i glesbygd – utveckling av lanthandlar till servicepunkter med "
         "paketutlämning och apoteksombud.",
         "12 butiker har fått investeringsstöd och 4 nya servicepunkter har öppnat.",
         "Ökad tillgång till service på kort sikt. Bedömningen baseras på en uppföljning av "
         "butikernas omsättning.",
         "RUS mål 1: Attraktiva livsmiljöer i hela länet."),
        ("Regional bostadsmarknadsanalys – gemensamt kunskapsunderlag för kommunernas "
         "bostadsförsörjning.",
         "1 analys publicerad, 15 kommuner deltog i 3 workshoppar.",
         "Kommunerna har fått ökad kunskap om bostadsbehoven. Bedömningen baseras på egen bedömning.",
         "RUS mål 1: God samhällsplanering."),
    ],
    "4.4": [
        ("Lärcentrumsamverkan – nätverk för lärcentrum i länets kommuner.",
         "9 lärcentrum anslutna och 420 studerande på distans.",
         "Fler har kunnat studera nära hemmet. Bedömningen baseras på en uppföljning av antalet "
         "studerande.",
         "RUS mål 2: Livslångt lärande i hela länet."),
        ("Branschråd industri – samverkan mellan skola och industriföretag.",
         "2 branschråd startade, 35 företag deltar.",
         "Bättre matchning mellan utbildning och behov. Bedömningen baseras på egen bedömning.",
         "RUS mål 2: Utvecklat kompetensförsörjningsarbete."),
    ],
    "5.4": [
        ("Innovationscheckar – mindre stöd till företag för att utveckla nya produkter och tjänster.",
         "48 checkar beviljade, varav 19 till företag som leds av kvinnor.",
         "Flera företag har tagit fram nya tjänster. Bedömningen baseras på en uppföljning ett år "
         "efter beviljat stöd.",
         "RUS mål 3: Ett konkurrenskraftigt näringsliv; ERUF insatsområde 1."),
        ("Cirkulär omställning – rådgivning om cirkulära affärsmodeller.",
         "22 företag fick rådgivning och 3 seminarier genomfördes.",
         "Ökad kunskap om cirkulär ekonomi hos deltagande företag. Bedömningen baseras på en "
         "utvärdering.",
         "RUS mål 3: Hållbar och cirkulär ekonomi."),
    ],
    "6.4": [
        ("Bredband till landsbygden – medfinansiering av fiberutbyggnad.",
         "1 150 hushåll och 90 företag har fått tillgång till fiber.",
         "Ökad digital tillgänglighet. Bedömningen baseras på en uppföljning av anslutningsgraden.",
         "RUS mål 4: Tillgänglighet i hela länet."),
        ("Regional laddinfrastrukturplan – plan för publika laddpunkter.",
         "1 plan antagen, 14 kommuner deltog.",
         "Bättre underlag för investeringar. Bedömningen baseras på egen bedömning.",
         "RUS mål 4: Hållbara transporter."),
    ],
    "7.2": [
        ("Jämställd projektverksamhet – stöd till projektägare i jämställdhetsanalys.",
         "25 projektägare utbildade och 2 handledningar framtagna.",
         "Fler projekt redovisar könsuppdelade resultat. Bedömningen baseras på en uppföljning av "
         "slutrapporter.",
         "RUS mål 5: Jämställd regional utveckling."),
        ("Kvinnors företagande – nätverk och mentorskap.",
         "60 deltagare i 4 nätverksträffar.",
         "Större kontaktnät bland deltagarna. Bedömningen baseras på egen bedömning.",
         "RUS mål 3 och 5."),
    ],
    "8.2": [
        ("Språkstöd på arbetsplatsen – yrkessvenska i samverkan med arbetsgivare.",
         "110 deltagare och 18 arbetsgivare.",
         "42 deltagare har fått anställning. Bedömningen baseras på en uppföljning sex månader "
         "efter avslut.",
         "RUS mål 2: En inkluderande arbetsmarknad."),
        ("Föreningsliv för alla – stöd till idéburna organisationers introduktionsverksamhet.",
         "8 föreningar fick stöd och 300 nyanlända deltog.",
         "Ökad social delaktighet. Bedömningen baseras på egen bedömning.",
         "RUS mål 1: Attraktiva livsmiljöer."),
    ],
    "9.2": [
        ("Klimatsmarta företag – energikartläggning i små företag.",
         "35 energikartläggningar genomförda.",
         "Beräknad minskning av energianvändningen med 8 procent. Bedömningen baseras på en "
         "uppföljning av företagens åtgärder.",
         "RUS mål 3 och 4; Fonden för en rättvis omställning."),
        ("Regional biogassamverkan – nätverk för produktion och användning av biogas.",
         "2 förstudier genomförda och 12 aktörer deltar.",
         "Ökad kunskap om biogasens potential. Bedömningen baseras på en utvärdering.",
         "RUS mål 4: Fossilfri region 2040."),
    ],
}

# Template footnotes used on headings in lo-report (section 1 and question 1.1).
FOOTNOTE_SECTION_1 = "Villkorsbeslut 2023:1.1, 1.3, 2."
FOOTNOTE_Q_1_1 = ("Observera! Information om uppföljning och utvärdering av den regionala "
                  "utvecklingsstrategin ska inte redovisas här. Den informationen redovisas i "
                  "avsnitt 2 – Analys, uppföljning och utvärdering.")
