"""German for matching: function words, words every posting uses, and the catalog's German keywords.

Matching data, like the English stopwords in :mod:`.text`, kept in code
rather than frozen into the file by a migration: it is how tpmfolio reads
German, not something the person owns or edits, so it improves with each
release for every portfolio, and a built-in skill the person renamed keeps
its slug and so its German keywords. A person's own skills match German
postings through their own keywords (write German ones beside the English).

Keywords are written as a German posting says them, lowercase; they are
stemmed with the German Snowball stemmer like the posting, so "Kunden" and
"Kundin", "strategische" and "strategisch" meet. German joins words into
compounds ("Kundenanforderungen"), which a stemmer does not split, so the
common compounds of postings are listed as keywords of their own.
"""

from __future__ import annotations

STOPWORDS = frozenset(
    """aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus
    bei beim bin bis bist bzw da dabei dadurch dafür daher damit dann daran darauf daraus darf darin darum das dass
    daß dein deine deinem deinen deiner deines dem den denen der deren des deshalb dessen dich die dies diese diesem
    diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einige einigen einiger er es etwa
    etwas euch euer eure für gegen gerne gibt hab habe haben hast hat hatte hier hin hinter ich ihm ihn ihnen ihr
    ihre ihrem ihren ihrer ihres im in indem ins ist ja je jede jedem jeden jeder jedes jetzt kann kannst kein keine
    keinem keinen keiner können könnte man mehr mein meine mich mir mit muss musst nach neben nicht nichts noch nun
    nur ob ober oder ohne sehr sein seine seinem seinen seiner sich sie sind so solche soll sollte sondern sowie
    statt über um und uns unser unsere unserem unseren unserer unter viel viele vom von vor während war waren was
    weil welche welchem welchen welcher welches wenn wer werden wie wieder will wir wird wirst wo wurde würde zu zum
    zur zwar zwischen z b bspw ca usw etc""".split()
)

# Words nearly every German posting uses: they say nothing about which entry fits.
GENERIC_WORDS = """erfahrung erfahrungen jahre jahren jahrelange mehrjährige kenntnisse kenntnis fähigkeit fähigkeiten
    abgeschlossenes abgeschlossen studium ausbildung vergleichbare vergleichbar qualifikation wünschenswert idealerweise
    position stelle bewerbung bewerben unternehmen aufgaben aufgabe profil bieten bietest bringst bringen mitbringen
    suchen suche gute guter gutes sehr sicheres sicher deutsch englisch kenntnisse arbeiten arbeitest arbeit
    neue neuen neuer spaß freude team teams mitarbeiter mitarbeitende kollegen kolleginnen bereich bereichen
    möglichkeit möglichkeiten verantwortlich verantwortung rahmen hilfst unterstützt unterstützen gemeinsam""".split()

# Built-in skill slug → German ways a posting asks for it (the English keywords count too).
SKILL_KEYWORDS: dict[str, tuple[str, ...]] = {
    "technical-acumen": (
        "technisch", "technische", "technologie", "technologien", "architektur", "systemarchitektur",
        "schnittstelle", "schnittstellen", "plattform", "infrastruktur", "skalierbarkeit", "softwareentwicklung",
        "integration", "apis", "devops", "ci/cd", "container", "verteilte architektur", "rest-api",
    ),
    "problem-solving": (
        "problemlösung", "problemlösungskompetenz", "lösungsorientiert", "lösungen", "ursachenanalyse",
        "fehleranalyse", "analytisch", "analytische", "komplexe aufgabenstellungen", "komplexe probleme",
        "auffassungsgabe",
    ),
    "team-leadership": (
        "führung", "führungserfahrung", "teamführung", "mitarbeiterführung", "stakeholdern", "interdisziplinär",
        "interdisziplinären", "bereichsübergreifend", "zusammenarbeit", "coaching", "mentoring", "entwicklungsteam",
        "teams führen",
    ),
    "attention-to-detail": (
        "sorgfalt", "sorgfältig", "sorgfältige", "genauigkeit", "präzise", "präzision", "qualität",
        "qualitätssicherung", "detailgenau", "spezifikation", "spezifikationen", "anforderungen",
    ),
    "process-orientation": (
        "agil", "agile", "agilen", "prozess", "prozesse", "prozessen", "releasezyklus", "releaseplanung",
        "user stories", "product backlog", "xp",
    ),
    "communication": (
        "kommunikation", "kommunizieren", "kommunikativ", "kommunikationsstärke", "präsentation", "präsentieren",
        "dokumentation", "ansprechpartner", "ansprechpartnerin", "moderation", "moderieren", "verständlich",
    ),
    # "Strukturiert" and "organisiert" describe a way of working, not Scrum.
    "time-management": (
        "zeitmanagement", "priorisieren", "priorisierung", "prioritäten", "termine", "termingerecht", "fristen",
        "selbstständig", "selbstorganisiert", "zum richtigen zeitpunkt", "strukturierte arbeitsweise",
        "organisierte arbeitsweise",
    ),
    "business-acumen": (
        "betriebswirtschaft", "betriebswirtschaftlich", "wirtschaftlich", "umsatz", "preisgestaltung",
        "kennzahlen", "rentabilität", "business-pläne", "businesspläne", "geschäftszahlen", "businessdomäne",
    ),
    "customer-focus": (
        "kunde", "kunden", "kundin", "kundenanforderungen", "kundenorientierung", "kundenorientiert",
        "kundenfeedback", "kundenbedürfnisse", "nutzer", "nutzerinnen", "nutzerforschung", "anwender",
        "benutzerfreundlichkeit", "zufriedenheit",
    ),
    "strategic-planning": (
        "strategie", "strategisch", "strategische", "strategische ausrichtung", "roadmaps", "vision", "visionen",
        "produktvision", "produktpläne", "produktplänen", "produktplanung", "langfristig", "ziele", "planung",
    ),
    # Not "Markt" alone: nearly every posting names its market, as "market" showed in English.
    "market-analysis": (
        "marktanalyse", "marktforschung", "wettbewerb", "wettbewerber", "wettbewerbsanalyse",
        "marktführerschaft", "branche", "segmentierung", "trends",
    ),
    "business-strategy": (
        "geschäftsstrategie", "geschäftsmodell", "markteinführung", "wachstum", "positionierung",
        "partnerschaften", "produktstrategie", "vertrieb", "vertriebstätigkeiten", "marketing",
        "marketing- und vertriebstätigkeiten",
    ),
    "project-management": (
        "projektmanagement", "programmmanagement", "projektleitung", "zeitplan", "meilensteine", "abhängigkeiten",
        "risiken", "risikomanagement", "budget", "umsetzung", "koordination", "koordinieren", "koordinierst",
        "planung",
    ),
}

# Function words of each language, for telling a posting's language: the
# commonest words, which every text of some length uses many times.
MARKERS = {
    "en": frozenset("the and of to in for with you your our we are is on as be will an this that".split()),
    "de": frozenset("der die das und zu mit für du dein deine wir unser unsere ist von den im bei auf ein eine".split()),
}
