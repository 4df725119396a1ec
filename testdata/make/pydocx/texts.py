# -*- coding: utf-8 -*-
"""Swedish answer prose and insats rows for the python-docx test documents.

Everything here is fixed text; make.py picks and orders sentences with
random.Random seeded by a string, so the output is the same on every run.
Slots: {omr} area of the section, {kommun}/{kommun2} municipality names,
{n}/{m} numbers.
"""

KOMMUNER = ["Umeå", "Skellefteå", "Lycksele", "Vilhelmina", "Storuman", "Sorsele",
            "Dorotea", "Åsele", "Malå", "Norsjö", "Vindeln", "Vännäs", "Bjurholm",
            "Nordmaling", "Robertsfors"]

# The area each section is about (used in {omr}).
OMR = {
    "1": "genomförandet av den regionala utvecklingsstrategin",
    "2": "analys-, uppföljnings- och utvärderingsarbetet",
    "3": "arbetet med likvärdiga möjligheter till boende, arbete och välfärd",
    "4": "kompetensförsörjningsarbetet",
    "5": "innovations- och näringslivsarbetet",
    "6": "arbetet med tillgänglighet och transportsystemet",
    "7": "jämställdhetsintegreringen",
    "8": "integrationsarbetet",
    "9": "miljö- och klimatarbetet",
    "10": "fördelningen av anslag 1:1",
    "övrigt": "det regionala utvecklingsarbetet",
}

# Always the second sentence of an answer whose group asks for actors.
ACTORS = ("Arbetet har bedrivits i nära samverkan med länets femton kommuner, Länsstyrelsen "
          "Västerbotten och Trafikverket, och i flera delar även med näringslivets organisationer "
          "och civilsamhällets organisationer.")

# First sentence of each answer (makes starts_with distinct).
OPENERS = {
    "1.1": "Arbetet med den regionala utvecklingsstrategin har under 2023 fokuserat på genomförandet av strategins fyra prioriterade områden.",
    "1.2": "Region Västerbotten har arbetat med samhällsutmaningarna genom att koppla strategins mål till Agenda 2030.",
    "1.3": "Strategin utgår från att länets förutsättningar skiljer sig kraftigt mellan kust och inland.",
    "2.1": "Den viktigaste analysen under året var den regionala lägesbilden över befolkning, arbetsmarknad och näringsliv.",
    "2.2": "Regionen har en fastställd plan för analys, uppföljning och utvärdering som revideras varje år.",
    "2.3": "Hållbarhetsdimensionerna har integrerats genom att indikatorer för alla tre dimensioner ingår i uppföljningen.",
    "2.4": "Analyserna redovisas så långt det är möjligt på kommunnivå och för olika typer av områden.",
    "3.1": "Det strategiskt viktigaste arbetet inom området har handlat om bostadsförsörjning och tillgång till service.",
    "3.2": "Inom området har samhällsutmaningen demografiska förändringar varit styrande för arbetet.",
    "3.3": "De territoriella skillnaderna är stora när det gäller tillgång till bostäder, arbete och välfärd.",
    "4.1": "Kompetensförsörjningen är länets största utmaning i samband med den gröna industriella omställningen.",
    "4.2": "Arbetet med kompetensförsörjning har kopplats till alla tre hållbarhetsdimensionerna.",
    "4.3": "Behoven av kompetens ser olika ut i länets delar, vilket har påverkat hur insatserna har utformats.",
    "5.1": "Arbetet med innovation och företagande har utgått från länets strategi för smart specialisering.",
    "5.2": "Omställningen till en fossilfri industri har gjort att hållbarhetsfrågorna har fått stort utrymme i näringslivsarbetet.",
    "5.3": "Företagsstrukturen skiljer sig mellan kustkommunerna och inlandet, vilket har beaktats i arbetet.",
    "6.1": "Arbetet med tillgänglighet har omfattat både bredbandsutbyggnad och transportinfrastruktur.",
    "6.2": "Transportsystemet står för en stor del av länets klimatutsläpp, vilket gör den miljömässiga dimensionen central.",
    "6.3": "Tillgängligheten skiljer sig kraftigt mellan tätorter och glesa landsbygder i länet.",
    "7.1": "Jämställdhetsintegreringen har under året fokuserat på att stärka kunskapen hos regionens egna handläggare.",
    "8.1": "Integrationsarbetet har under året haft fokus på att nyanlända ska komma snabbare i arbete.",
    "9.1": "Miljö- och klimatarbetet har under året präglats av arbetet med den regionala klimat- och energistrategin.",
    "10.1": "Anslaget har fördelats utifrån de behov som har identifierats i den regionala utvecklingsstrategin.",
    "10.2": "Hållbarhet integreras i besluten genom att alla ansökningar bedöms utifrån en gemensam hållbarhetsmatris.",
    "10.4.1": "Anslaget har bidragit till strategins mål genom att finansiera projekt inom samtliga prioriterade områden.",
    "10.4.2": "Anslaget har använts som regional medfinansiering i projekt inom regionalfondsprogrammet för Övre Norrland.",
    "10.4.3": "Anslaget har medfinansierat två projekt inom Interreg Aurora med partner i Norge och Finland.",
    "10.4.nej": "Anslaget har inte använts för att medfinansiera projekt inom Interreg under 2023, eftersom de projekt som regionen deltar i har finansierats med andra medel.",
    "10.5": "Territoriella perspektiv har beaktats genom att inlandets behov har vägts in vid prioritering av ansökningar.",
    "övrigt": "Region Västerbotten vill lyfta behovet av långsiktiga förutsättningar för det regionala utvecklingsarbetet.",
}

GEN = [
    "En framgångsfaktor har varit att den politiska styrgruppen för {omr} har träffats regelbundet och att de strategiska frågorna har förankrats i kommunernas ledningsgrupper.",
    "En utmaning har varit att de mindre inlandskommunerna har begränsade personella resurser, vilket har gjort det svårt att delta i alla samverkansforum.",
    "Under året genomfördes {n} dialogmöten med kommunerna, där även Länsstyrelsen och Region Norrbotten deltog vid några tillfällen.",
    "Regionen har fortsatt att utveckla formerna för samråd med civilsamhällets organisationer, bland annat genom en överenskommelse med idéburna organisationer i länet.",
    "Näringslivets perspektiv har tillvaratagits genom Företagarna, Handelskammaren och branschorganisationer som deltar i regionens näringslivsråd.",
    "Samverkan med statliga myndigheter som Arbetsförmedlingen, Tillväxtverket och Trafikverket har skett både i ordinarie nätverk och i särskilda arbetsgrupper.",
    "Den stora industriella omställningen i Skellefteå- och Umeåregionen har präglat {omr} och ställt nya krav på samordning mellan kommuner, myndigheter och företag.",
    "Erfarenheterna visar att tidig dialog med kommunerna underlättar genomförandet, medan kortsiktiga projektfinansieringar försvårar ett långsiktigt arbete.",
    "För att stärka genomförandet har regionen inrättat en intern samordningsgrupp med representanter från regional utveckling, kollektivtrafik och hälso- och sjukvård.",
    "Resultatet av arbetet har följts upp i regionens årliga uppföljningsrapport, som har presenterats för regionala utvecklingsnämnden och för kommunernas näringslivschefer.",
    "I {kommun} och {kommun2} har arbetet haft särskilt fokus på att skapa förutsättningar för inflyttning och för att fler ska kunna bo kvar i kommunen.",
    "Totalt har {n} aktörer deltagit i de arbetsgrupper som regionen har samordnat under året, varav en tredjedel kommer från näringslivet.",
    "Ett gott exempel är samarbetet med Umeå universitet och Sveriges lantbruksuniversitet, som har bidragit med kunskapsunderlag och processtöd.",
    "Arbetet har även samordnats med Region Norrbotten inom ramen för det gemensamma arbetet i Övre Norrland, bland annat kring regionalfondsprogrammet.",
    "En lärdom från året är att tydliga roller och en gemensam lägesbild är avgörande när många aktörer ska bidra till samma mål.",
    "Regionen har också deltagit i nationella nätverk som Tillväxtverket samordnar, vilket har gett möjlighet att jämföra arbetssätt med andra regioner.",
    "Länsstyrelsen har varit en viktig samarbetspart i frågor om fysisk planering, bostadsförsörjning och klimatanpassning.",
    "Dialogen med civilsamhällets organisationer har gett värdefull kunskap om hur invånare i glesa miljöer upplever tillgången till service.",
    "Under hösten genomfördes en gemensam workshop med {m} deltagare från kommuner, myndigheter, företag och föreningar.",
    "En utmaning är att många insatser finansieras genom tidsbegränsade projekt, vilket gör att kunskap riskerar att gå förlorad när projekten avslutas.",
    "Det har därför varit viktigt att planera för hur resultaten tas tillvara i ordinarie verksamhet redan när projekten beviljas.",
    "Region Västerbotten har under året även tagit fram en gemensam kommunikationsplan för att synliggöra {omr} för invånare och företag.",
    "Arbetet har bidragit till att stärka förtroendet mellan regionen och kommunerna, vilket är en förutsättning för fortsatt gemensamt arbete.",
    "Inflyttningen till länet i samband med industrietableringarna innebär både möjligheter och påfrestningar på bostadsmarknad, skola och vård.",
    "Vid årets regionala utvecklingsdag deltog {m} personer från hela länet, och dagens tema var hur {omr} kan stärkas.",
    "Kommunernas näringslivskontor har varit en viktig länk till de lokala företagen.",
    "Samordningen har underlättats av att regionen och kommunerna har enats om gemensamma prioriteringar för perioden 2023–2026.",
]

HALLB = [
    "Hållbarhetsperspektivet har integrerats genom att samtliga insatser bedöms utifrån ekonomisk, social och miljömässig hållbarhet redan i planeringsskedet.",
    "Den ekonomiska dimensionen har främst hanterats genom insatser för att stärka näringslivets konkurrenskraft och kompetensförsörjning.",
    "Den sociala dimensionen har omfattat frågor om jämställdhet, integration, folkhälsa och tillgång till service i hela länet.",
    "Den miljömässiga dimensionen har hanterats genom att stödja omställningen till fossilfria transporter och en mer cirkulär ekonomi.",
    "Regionen har använt ett hållbarhetsverktyg som bygger på Agenda 2030 för att analysera hur insatserna bidrar till de globala målen.",
    "Samhällsutmaningarna demografiska förändringar och klimatförändringar har varit särskilt tydliga i länet under året.",
    "En utmaning har varit att målkonflikter mellan dimensionerna, till exempel mellan industriell expansion och markanvändning, kräver avvägningar som inte alltid är enkla.",
    "Dialog med samebyarna och Länsstyrelsen har varit viktig för att hantera frågor om markanvändning och rennäring.",
    "Globaliseringen och den tekniska utvecklingen påverkar länets exportinriktade industri, vilket ställer krav på ständig förnyelse.",
    "Socioekonomiska skillnader mellan länets delar har synliggjorts i analyser som tagits fram tillsammans med kommunerna.",
]

TERR = [
    "Länet rymmer både en växande universitetsstad och glesa inlandskommuner med minskande och åldrande befolkning, vilket kräver olika lösningar i olika delar av länet.",
    "Regionen har använt indelningen i funktionella delregioner för att anpassa insatserna efter lokala förutsättningar.",
    "I inlandet har insatserna främst handlat om att säkra tillgången till service, kompetens och transporter, medan kustområdet har präglats av tillväxtens utmaningar.",
    "De fyra kommungrupperna i länet, Umeåregionen, Skellefteåregionen, Södra Lappland och Västerbottens inland, har fungerat som forum för dialog.",
    "Funktionella samband över läns- och landsgränser har hanterats i samarbete med Region Norrbotten, Region Västernorrland och Nordland fylke i Norge.",
    "Statistik på kommun- och tätortsnivå har använts för att synliggöra skillnader mellan stad och landsbygd.",
    "Landsbygdsperspektivet har även beaktats genom att insatser ska vara tillgängliga i hela länet, till exempel genom digitala mötesformer.",
    "I fjällkommunerna är säsongsvariationerna stora, vilket påverkar både arbetsmarknad och service.",
]

ANALYS = [
    "Under året genomfördes en utvärdering av regionens företagsstöd, som visade att stöden har bidragit till ökad omsättning i de flesta företag.",
    "Regionen har tagit fram en befolkningsprognos på kommunnivå i samarbete med kommunerna och Statistiska centralbyrån.",
    "Uppföljningen av den regionala utvecklingsstrategin bygger på ett fyrtiotal indikatorer som följs årligen.",
    "Analysenheten har samverkat med Länsstyrelsen kring en gemensam analys av bostadsbehoven i samband med industrietableringarna.",
    "Resultaten från analyserna har presenterats i den regionala utvecklingsnämnden och i kommunernas ledningsgrupper.",
    "En följeforskning kopplad till omställningen i Skellefteå har genomförts tillsammans med Umeå universitet.",
    "Tillväxtverkets stöd till regionernas analysarbete har använts för att utveckla metoder för effektutvärdering.",
    "Ett analysnätverk med kommunernas utredare träffas fyra gånger per år för att dela data och erfarenheter.",
    "Uppföljningsresultaten används i budgetprocessen och i prioriteringen av anslagsmedel.",
    "En utmaning är att statistik för små kommuner ofta är osäker eller sekretessbelagd, vilket begränsar analyserna.",
    "Regionen har deltagit i Tillväxtverkets och Reglabs nätverk för analys och utvärdering.",
    "Könsuppdelad statistik används genomgående för att synliggöra skillnader mellan kvinnor och män.",
]

ANSLAG = [
    "Fördelningen av anslaget har utgått från den regionala utvecklingsstrategins prioriteringar och de behov som har identifierats i dialog med kommunerna.",
    "Projektverksamhet har fått den största andelen eftersom den ger möjlighet att pröva nya arbetssätt och att bygga kapacitet hos flera aktörer samtidigt.",
    "Regionala företagsstöd har riktats till små och medelstora företag i hela länet, med särskilt fokus på investeringar i inlandet.",
    "Stödet till kommersiell service har prioriterats för att säkra tillgången till dagligvaror och drivmedel i glesa områden.",
    "Vid beredningen av ärenden används en checklista för hållbarhet där ekonomiska, sociala och miljömässiga aspekter bedöms.",
    "Sökande ska redovisa hur projektet påverkar jämställdhet, integration och miljö, och bedömningen vägs in i prioriteringen.",
    "Under året har regionen beviljat {n} projekt och {m} företagsstöd med medel från anslaget.",
    "Beslutsprocessen har utvecklats så att handläggare från olika enheter gemensamt bedömer större ansökningar.",
    "Anslaget har också använts som medfinansiering till projekt inom regionalfondsprogrammet för Övre Norrland och Interreg Aurora.",
    "En utmaning är att efterfrågan på medel är större än de resurser som finns, vilket kräver tydliga prioriteringar.",
    "Territoriella hänsyn tas genom att stödnivåerna är högre i de kommuner som har störst avstånd till service och arbetsmarknad.",
    "Uppföljningen av beviljade projekt visar att de flesta har nått sina mål för aktiviteter och deltagare.",
    "Regionens bedömning är att fördelningen har gett en god balans mellan långsiktiga satsningar och snabba insatser för företagen.",
    "Beslut om medel fattas av regionala utvecklingsnämnden efter beredning av tjänstepersoner med olika kompetenser.",
]

THEME = {
    "1": ["Strategins genomförande har samordnats genom de tematiska plattformar som regionen leder.",
          "Regionala utvecklingsnämnden har fastställt en handlingsplan för genomförandet med {n} prioriterade åtgärder.",
          "Genomförandet har följts upp i dialog med kommunerna vid de årliga kommundialogerna."],
    "3": ["Regionen har tillsammans med kommunerna och Länsstyrelsen tagit fram en regional bostadsmarknadsanalys.",
          "Servicepunkter har etablerats i {kommun} och {kommun2} i samarbete med lokala handlare och föreningar.",
          "Arbetet med hälsofrämjande livsmiljöer har bedrivits tillsammans med kommunernas folkhälsosamordnare."],
    "4": ["Regionen har samordnat ett kompetensförsörjningsnätverk med kommunernas vuxenutbildningar, Arbetsförmedlingen och branschorganisationer.",
          "Behovet av nya medarbetare i länet beräknas till {n} personer fram till 2030.",
          "Yrkeshögskoleutbildningar har startats i samarbete med näringslivet inom bland annat batteriproduktion och elkraft.",
          "Lärcentrumen i inlandskommunerna har gjort det möjligt att studera på distans utan att flytta."],
    "5": ["Innovationsstödsystemet har samordnats genom ett regionalt nätverk där Almi, Uminova Innovation, Vinnova och universiteten ingår.",
          "Regionen har medfinansierat {n} innovationsprojekt med koppling till smart specialisering.",
          "Ett särskilt fokus har legat på att öka andelen kvinnor som startar och driver företag.",
          "Exportfrämjande insatser har genomförts tillsammans med Business Sweden och Handelskammaren."],
    "6": ["Bredbandsutbyggnaden har samordnats med kommunerna och Post- och telestyrelsen.",
          "Länstransportplanen har genomförts i samverkan med Trafikverket och kommunerna.",
          "Regionen har arbetat för en utbyggnad av Norrbotniabanan och förbättrad tågtrafik längs kusten.",
          "Kollektivtrafikmyndigheten har utvecklat anropsstyrd trafik i glesa områden."],
    "7": ["Regionen har utbildat {n} handläggare i jämställdhetsintegrering under året.",
          "Jämställdhetskriterier har införts i bedömningen av projektansökningar och företagsstöd.",
          "Samverkan har skett med Länsstyrelsen, som har ett samordnande ansvar för jämställdhet i länet, samt med kommunerna och kvinnoorganisationer.",
          "Könsuppdelad statistik har tagits fram för alla regionens stödformer."],
    "8": ["Integrationsarbetet har bedrivits tillsammans med Länsstyrelsen, Arbetsförmedlingen, kommunerna och civilsamhällets organisationer.",
          "Språkstödjande insatser har genomförts på arbetsplatser i samarbete med företag i {kommun}.",
          "Studieförbunden har varit viktiga aktörer i arbetet med samhällsorientering och språkcaféer.",
          "Under året deltog {n} utrikes födda kvinnor i insatser för att komma närmare arbetsmarknaden."],
    "9": ["Regionen har samordnat arbetet med klimatanpassning tillsammans med Länsstyrelsen och kommunerna.",
          "Energimyndigheten och Naturvårdsverket har medfinansierat insatser för energieffektivisering i små och medelstora företag.",
          "Ett nätverk för cirkulär ekonomi med {n} deltagande företag har startats.",
          "Klimatklivet har använts för att bygga ut laddinfrastruktur i inlandskommunerna."],
    "10": [], "2": [], "övrigt": [],
}

# 8.1 in pydocx-limits: an answer that names no kind of actor (no kommun,
# länsstyrelse, myndighet, organisation, förening, civilsamhälle, näringsliv,
# företag ...).  Checked against actor_kinds in make.py.
NO_ACTORS_8_1 = [
    "Integrationsarbetet har under året haft fokus på att nyanlända ska komma snabbare i arbete och i utbildning.",
    "Regionen har tagit fram en lägesbild över utrikes föddas etablering i länet, uppdelad på kvinnor och män.",
    "Språkcaféer och mentorsprogram har genomförts på flera orter, och intresset har varit stort bland deltagarna.",
    "En utmaning har varit att många nyanlända flyttar från länet efter etableringstiden.",
    "En framgångsfaktor har varit att insatserna har utformats tillsammans med deltagarna själva.",
]

# ---------------------------------------------------------------- insatser
INSATSER = {
    "3.4": [("Bostadsförsörjning i inlandet", "Stöd till kommunernas arbete med bostadsförsörjningsprogram och kartläggning av tomma bostäder."),
            ("Servicepunkter på landsbygden", "Etablering av servicepunkter med paketutlämning, apoteksombud och bankservice i mindre orter."),
            ("Hälsofrämjande livsmiljöer", "Samverkansprojekt med kommunerna för att utveckla trygga och tillgängliga utemiljöer."),
            ("Kultur i hela länet", "Turnerande kulturutbud och stöd till lokala arrangörsföreningar i glesbygd."),
            ("Mobil vård och omsorg", "Pilotverksamhet med mobila vårdteam och digitala vårdmöten i fyra inlandskommuner."),
            ("Attraktiva boendemiljöer i industriorter", "Gemensam planering av nya bostadsområden i Skellefteå och Umeå.")],
    "4.4": [("Regional kompetensplattform", "Samordning av kompetensförsörjningsarbetet mellan kommuner, Arbetsförmedlingen och näringslivet."),
            ("Lärcentrum i inlandet", "Utveckling av lärcentrum som gör det möjligt att studera på distans i hemkommunen."),
            ("Validering inom industrin", "Validering av yrkeskunskaper för anställda och arbetssökande inom processindustrin."),
            ("Yrkeshögskola för batteriproduktion", "Framtagande av nya YH-utbildningar i samverkan med företag och utbildningsanordnare."),
            ("Unga in i arbetslivet", "Praktik- och mentorsprogram för unga som varken arbetar eller studerar.")],
    "5.4": [("Innovationscheckar", "Stöd till små och medelstora företag för att köpa in expertkompetens i tidiga innovationsskeden."),
            ("Smart specialisering – skog och trä", "Utveckling av en innovationsmiljö för nya träbaserade material och produkter."),
            ("Kvinnors företagande", "Affärsutvecklingsprogram för kvinnor som driver företag i länet."),
            ("Exportlyftet Västerbotten", "Exportcoachning för företag som vill växa på internationella marknader."),
            ("Besöksnäring i fjällen", "Destinationsutveckling och kompetenshöjning för företag i fjällkommunerna.")],
    "6.4": [("Bredband till sista hushållet", "Samordning av kommunernas bredbandsutbyggnad och ansökningar om statligt bredbandsstöd."),
            ("Anropsstyrd kollektivtrafik", "Utveckling av anropsstyrd trafik i glesa områden med digital bokning."),
            ("Länstransportplanens genomförande", "Åtgärder för trafiksäkerhet och gång- och cykelvägar på det regionala vägnätet."),
            ("Laddinfrastruktur längs E12", "Planering av publika laddplatser för tunga och lätta fordon längs Blå vägen."),
            ("Digital delaktighet för äldre", "Utbildning i digitala tjänster för äldre via bibliotek och studieförbund."),
            ("Pendlarparkeringar vid busshållplatser", "Byggande av pendlarparkeringar i samverkan med kommunerna.")],
    "7.2": [("Jämställd regional tillväxt", "Utbildning och processtöd i jämställdhetsintegrering för regionens handläggare."),
            ("Jämställdhetskriterier i stödgivningen", "Införande av kriterier för jämställdhet i prioriteringen av projektansökningar."),
            ("Könsuppdelad statistik", "Framtagande av könsuppdelad statistik för regionens stödformer."),
            ("Jämställda industrietableringar", "Kartläggning av arbetsmiljö och rekrytering ur ett jämställdhetsperspektiv i nya industrier."),
            ("Nätverk för jämställdhet", "Regionalt nätverk för kommunernas jämställdhetsstrateger.")],
    "8.2": [("Språkstöd på arbetsplatsen", "Språkutvecklande insatser för anställda med utländsk bakgrund på arbetsplatser i länet."),
            ("Snabbspår till vården", "Kompletterande utbildning för utrikes födda med vårdutbildning."),
            ("Föreningslivet som integrationsarena", "Stöd till idrotts- och kulturföreningar som arbetar med nyanlända."),
            ("Samhällsorientering i inlandet", "Digital och fysisk samhällsorientering för nyanlända i inlandskommunerna."),
            ("Mentorskap för utrikes födda kvinnor", "Mentorsprogram i samverkan med företag och kvinnoorganisationer.")],
    "9.2": [("Klimatklivet i Västerbotten", "Stöd och rådgivning till kommuner och företag som söker investeringsstöd för klimatåtgärder."),
            ("Cirkulära Västerbotten", "Nätverk och kunskapshöjning om cirkulär ekonomi för små och medelstora företag."),
            ("Energieffektivisering i företag", "Energikartläggningar och rådgivning för små och medelstora företag."),
            ("Klimatanpassning i planeringen", "Stöd till kommunernas arbete med klimatanpassning i översiktsplaneringen."),
            ("Fossilfria godstransporter", "Förstudie om omställning av godstransporter till el och biogas.")],
}

PRESTATION = [
    "{a} deltagande organisationer, {b} genomförda workshoppar och {c} framtagna kunskapsunderlag.",
    "{a} deltagare ({w} kvinnor och {m} män) och {b} genomförda utbildningstillfällen.",
    "{a} företag har fått stöd, {b} rådgivningsträffar har genomförts och {c} nätverksmöten har hållits.",
    "{c} kommuner deltar, {b} handlingsplaner har tagits fram och {a} personer har deltagit i seminarier.",
]
EFFEKT = [
    "Kort sikt: ökad kunskap hos deltagarna om {tema}. Medellång sikt: {p} procent av deltagarna uppger att de har förändrat sitt arbetssätt. Bedömningen baseras på en uppföljning.",
    "Kort sikt: stärkt samverkan mellan deltagande aktörer. Medellång sikt: nya samarbeten har etablerats mellan kommuner och företag. Bedömningen baseras på en utvärdering genomförd av extern utvärderare.",
    "Kort sikt: ökad förmåga hos målgruppen att tillämpa ny kunskap. Effekter på lång sikt kan ännu inte mätas. Bedömningen baseras på en egen bedömning.",
]
# Effects without any basis term (uppfölj/utvärder/bedöm) for basis_missing.
EFFEKT_NO_BASIS = [
    "Kort sikt: ökad kunskap hos deltagarna om {tema}. Medellång sikt: flera kommuner har infört nya rutiner.",
    "Kort sikt: stärkt samverkan mellan deltagande aktörer. Lång sikt: mer jämställda villkor i länet.",
]
RUSMAL = {
    "3": "Attraktiva livsmiljöer i hela länet",
    "4": "Kompetensförsörjning för en växande arbetsmarknad",
    "5": "Ett konkurrenskraftigt och innovativt näringsliv",
    "6": "God tillgänglighet och hållbara transporter",
    "7": "Ett jämställt Västerbotten",
    "8": "Ett inkluderande Västerbotten",
    "9": "Ett fossilfritt och klimatanpassat Västerbotten",
}
MAL = [
    "Regional utvecklingsstrategi: {rus}. Regionalfondsprogrammet för Övre Norrland, insatsområde {n}.",
    "Regional utvecklingsstrategi: {rus}.",
    "Regional utvecklingsstrategi: {rus}. Interreg Aurora, prioritet {n}.",
    "Regional utvecklingsstrategi: {rus}. Omställningsplanen för Fonden för en rättvis omställning.",
]

# Footnote texts of the template (numbering as in the template).
FOOTNOTES = {
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
}
# Footnote reference after a word inside a boilerplate paragraph:
# (paragraph prefix, word after which the reference stands, footnote id)
BOILER_FOOTNOTES = [
    ("I bifogat villkorsbeslut", "I bifogat villkorsbeslut", 1),
    ("I Nationell strategi", "I Nationell strategi för hållbar regional utveckling i hela landet 2021–2030", 2),
    ("Frågorna 3–6", "Frågorna 3–6 är strukturerade enligt de fyra strategiska områdena i Nationell strategi för hållbar regional utveckling i hela landet 2021–2030", 3),
]
SECTION_FOOTNOTE = {"1": 4, "2": 6, "3": 7, "4": 8, "5": 9, "6": 10, "7": 11, "8": 12, "9": 13}
QUESTION_FOOTNOTE = {"1.1": 5, "10.1": 14}
OVRIGT_FOOTNOTE = 15

# Boilerplate items that are headings (level) rather than body paragraphs.
BOILER_HEADINGS = {
    "Instruktioner": 1, "Begreppsförtydliganden": 1,
    "Nationell strategi för hållbar regional utveckling i hela landet 2021–2030": 1,
    "Frågor att besvara - Återrapportering": 1,
    "Redovisning av samverkan och samråd": 2, "Exempel på insatser": 2,
    "Resultatbeskrivning": 2, "Definitioner och exempel – resultat": 2,
    "Hållbarhetsdimensionerna och Agenda 2030": 2, "Territoriellt perspektiv": 2,
}
