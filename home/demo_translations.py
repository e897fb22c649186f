"""Swedish and English for every text of the Finnish demo, fed to wagtail-localize by segment.

Keyed by the Finnish source text, so a translation follows its text wherever the block sits.
Proper names (companies, Google) read the same in every language.
"""

SLUGS = {
    "home": {"sv": "hem", "en": "start"},
    "tietosuojaseloste": {"sv": "dataskyddsbeskrivning", "en": "privacy-notice"},
    "pyynto": {"sv": "begaran", "en": "request"},
}

TEXTS: dict[str, dict[str, str]] = {
    # Home page
    "Revontuli Ohjelmistot Oy": {
        "sv": "Revontuli Ohjelmistot Oy",
        "en": "Revontuli Ohjelmistot Oy",
    },
    "Revontuli Ohjelmistot Oy tekee kirjanpito- ja laskutusohjelmistoja pienille yrityksille. "
    "Kerromme avoimesti, miten käsittelemme asiakkaidemme henkilötietoja.": {
        "sv": "Revontuli Ohjelmistot Oy gör bokförings- och faktureringsprogram för små företag. "
        "Vi berättar öppet hur vi behandlar våra kunders personuppgifter.",
        "en": "Revontuli Ohjelmistot Oy makes bookkeeping and invoicing software for small "
        "businesses. We are open about how we handle our customers' personal data.",
    },
    "Esimerkkivideo": {"sv": "Exempelvideo", "en": "Example video"},
    "Sivuille upotetut videot ladataan vasta, kun annat siihen luvan: ennen sitä selaimesi "
    "ei ota yhteyttä YouTubeen. Esimerkkinä on YouTuben ensimmäinen video vuodelta 2005.": {
        "sv": "Videor som är inbäddade på sidorna läses in först när du tillåter det: innan dess "
        "kontaktar din webbläsare inte YouTube. Som exempel visas YouTubes första video från "
        "2005.",
        "en": "Videos embedded in the pages load only once you allow it: until then your browser "
        "does not contact YouTube. The example is YouTube's first video, from 2005.",
    },
    # Contact person
    "Asiakaspalvelupäällikkö": {"sv": "Kundtjänstchef", "en": "Customer service manager"},
    # Notice
    "Tietosuojaseloste – asiakasrekisteri": {
        "sv": "Dataskyddsbeskrivning – kundregister",
        "en": "Privacy notice – customer register",
    },
    "Tässä selosteessa kerromme, miten Revontuli Ohjelmistot Oy käsittelee asiakkaidensa, "
    "asiakasyritysten yhteyshenkilöiden ja uutiskirjeen tilaajien henkilötietoja. Seloste "
    "perustuu EU:n yleisen tietosuoja-asetuksen 13 ja 14 artiklaan.": {
        "sv": "I den här beskrivningen berättar vi hur Revontuli Ohjelmistot Oy behandlar "
        "personuppgifter om sina kunder, om kontaktpersoner hos kundföretag och om dem som "
        "prenumererar på nyhetsbrevet. Beskrivningen grundar sig på artiklarna 13 och 14 i EU:s "
        "allmänna dataskyddsförordning.",
        "en": "This notice explains how Revontuli Ohjelmistot Oy processes the personal data of "
        "its customers, of contact persons at customer companies and of newsletter subscribers. "
        "It is based on Articles 13 and 14 of the EU General Data Protection Regulation.",
    },
    "Tavoitat yhteyshenkilön parhaiten sähköpostitse arkipäivisin.": {
        "sv": "Kontaktpersonen nås bäst per e-post på vardagar.",
        "en": "The contact person is best reached by email on weekdays.",
    },
    "Revontuli Ohjelmistot Oy:n asiakas- ja markkinointirekisteri": {
        "sv": "Revontuli Ohjelmistot Oy:s kund- och marknadsföringsregister",
        "en": "Customer and marketing register of Revontuli Ohjelmistot Oy",
    },
    "Rekisteri sisältää asiakkaiden, asiakasyritysten yhteyshenkilöiden ja uutiskirjeen tilaajien "
    "tiedot.": {
        "sv": "Registret innehåller uppgifter om kunder, om kontaktpersoner hos kundföretag och om "
        "prenumeranter på nyhetsbrevet.",
        "en": "The register holds data on customers, contact persons at customer companies and "
        "newsletter subscribers.",
    },
    "Asiakassuhteen hoitaminen ja sopimusten täyttäminen": {
        "sv": "Skötsel av kundrelationen och fullgörande av avtal",
        "en": "Managing the customer relationship and performing contracts",
    },
    "Ohjelmistolisenssien toimittaminen, käyttötuki ja laskutus.": {
        "sv": "Leverans av programlicenser, användarstöd och fakturering.",
        "en": "Delivering software licences, user support and invoicing.",
    },
    "Kirjanpitovelvoitteiden hoitaminen": {
        "sv": "Fullgörande av bokföringsskyldigheter",
        "en": "Meeting bookkeeping obligations",
    },
    "Laskut ja tositteet säilytetään kirjanpitolain mukaan.": {
        "sv": "Fakturor och verifikat bevaras enligt bokföringslagen.",
        "en": "Invoices and vouchers are kept as the Accounting Act requires.",
    },
    "Palvelujen kehittäminen ja tietoturvan valvonta": {
        "sv": "Utveckling av tjänsterna och övervakning av informationssäkerheten",
        "en": "Developing our services and monitoring information security",
    },
    "Käyttötilastot ja lokit auttavat korjaamaan virheitä ja havaitsemaan väärinkäytöksiä.": {
        "sv": "Användningsstatistik och loggar hjälper oss att rätta fel och upptäcka missbruk.",
        "en": "Usage statistics and logs help us fix errors and detect misuse.",
    },
    "Meillä on oikeutettu etu pitää palvelumme toimivina ja turvallisina asiakkaidemme hyväksi.": {
        "sv": "Vi har ett berättigat intresse av att hålla våra tjänster fungerande och säkra till "
        "nytta för våra kunder.",
        "en": "We have a legitimate interest in keeping our services working and secure for the "
        "benefit of our customers.",
    },
    "Uutiskirje ja verkkosivujen kävijäanalytiikka": {
        "sv": "Nyhetsbrev och besöksanalys för webbplatsen",
        "en": "Newsletter and website visitor analytics",
    },
    "Lähetämme uutiskirjeen ja mittaamme sivuston käyttöä vain, jos olet antanut siihen "
    "suostumuksesi.": {
        "sv": "Vi skickar nyhetsbrevet och mäter användningen av webbplatsen endast om du har "
        "gett ditt samtycke till det.",
        "en": "We send the newsletter and measure the use of the website only if you have "
        "given your consent.",
    },
    "Asiakkaat": {"sv": "Kunder", "en": "Customers"},
    "Ohjelmistojemme käyttäjät.": {
        "sv": "De som använder våra program.",
        "en": "People who use our software.",
    },
    "Asiakasyritysten yhteyshenkilöt": {
        "sv": "Kontaktpersoner hos kundföretag",
        "en": "Contact persons at customer companies",
    },
    "Henkilöt, jotka asioivat kanssamme yrityksensä puolesta.": {
        "sv": "Personer som har kontakt med oss för sitt företags räkning.",
        "en": "People who deal with us on behalf of their company.",
    },
    "Uutiskirjeen tilaajat": {
        "sv": "Prenumeranter på nyhetsbrevet",
        "en": "Newsletter subscribers",
    },
    "Yhteystiedot": {"sv": "Kontaktuppgifter", "en": "Contact details"},
    "Nimi, sähköpostiosoite, puhelinnumero, yritys ja asema.": {
        "sv": "Namn, e-postadress, telefonnummer, företag och befattning.",
        "en": "Name, email address, phone number, company and position.",
    },
    "Asiakkuustiedot": {"sv": "Kunduppgifter", "en": "Customer relationship data"},
    "Tilatut tuotteet, lisenssit, laskutus- ja maksutiedot, tukipyynnöt.": {
        "sv": "Beställda produkter, licenser, fakturerings- och betalningsuppgifter, "
        "supportärenden.",
        "en": "Products ordered, licences, invoicing and payment data, support requests.",
    },
    "Markkinointiluvat": {"sv": "Marknadsföringstillstånd", "en": "Marketing permissions"},
    "Uutiskirjeen tilaus ja sen ajankohta.": {
        "sv": "Prenumeration på nyhetsbrevet och när den gjordes.",
        "en": "Newsletter subscription and when it was made.",
    },
    "Tekniset tiedot": {"sv": "Tekniska uppgifter", "en": "Technical data"},
    "Palvelun käyttölokit ja suostumuksella kerätyt analytiikkatiedot.": {
        "sv": "Tjänstens användningsloggar och analysdata som samlats in med samtycke.",
        "en": "Service usage logs and analytics data collected with consent.",
    },
    "Rekisteröity itse": {"sv": "Den registrerade själv", "en": "The data subject themselves"},
    "Tilauksen, tukipyynnön tai uutiskirjeen tilauksen yhteydessä.": {
        "sv": "I samband med en beställning, ett supportärende eller en prenumeration på "
        "nyhetsbrevet.",
        "en": "When placing an order, asking for support or subscribing to the newsletter.",
    },
    "Yritys- ja yhteisötietojärjestelmä (YTJ)": {
        "sv": "Företags- och organisationsdatasystemet (FODS)",
        "en": "Finnish Business Information System (BIS)",
    },
    "Asiakasyrityksen nimi, Y-tunnus ja osoite.": {
        "sv": "Kundföretagets namn, FO-nummer och adress.",
        "en": "The customer company's name, business ID and address.",
    },
    "Palvelun käyttö": {"sv": "Användning av tjänsten", "en": "Use of the service"},
    "Lokitiedot syntyvät, kun käytät palveluamme.": {
        "sv": "Logguppgifter uppstår när du använder vår tjänst.",
        "en": "Log data arise when you use our service.",
    },
    "Verohallinto ja muut viranomaiset": {
        "sv": "Skatteförvaltningen och andra myndigheter",
        "en": "The Tax Administration and other authorities",
    },
    "Vain lain edellyttämissä tilanteissa.": {
        "sv": "Endast när lagen kräver det.",
        "en": "Only where the law requires it.",
    },
    "Perintätoimisto": {"sv": "Inkassobyrå", "en": "Debt collection agency"},
    "Erääntyneiden laskujen perintä.": {
        "sv": "Indrivning av förfallna fakturor.",
        "en": "Collecting overdue invoices.",
    },
    "Pilvipalvelu Kumpu Oy": {"sv": "Pilvipalvelu Kumpu Oy", "en": "Pilvipalvelu Kumpu Oy"},
    "Palvelinten ja varmuuskopioiden ylläpito": {
        "sv": "Drift av servrar och säkerhetskopior",
        "en": "Running servers and backups",
    },
    "Laskutuspalvelu Lasku Oy": {
        "sv": "Laskutuspalvelu Lasku Oy",
        "en": "Laskutuspalvelu Lasku Oy",
    },
    "Laskujen lähettäminen ja maksujen seuranta": {
        "sv": "Utskick av fakturor och uppföljning av betalningar",
        "en": "Sending invoices and following up payments",
    },
    "Google Ireland Ltd": {"sv": "Google Ireland Ltd", "en": "Google Ireland Ltd"},
    "Verkkosivujen kävijäanalytiikka (Google Analytics)": {
        "sv": "Besöksanalys för webbplatsen (Google Analytics)",
        "en": "Website visitor analytics (Google Analytics)",
    },
    "Google LLC (Google Analytics)": {
        "sv": "Google LLC (Google Analytics)",
        "en": "Google LLC (Google Analytics)",
    },
    "Yhdysvallat": {"sv": "Förenta staterna", "en": "United States"},
    "Vain jos olet hyväksynyt analytiikkaevästeet.": {
        "sv": "Endast om du har godkänt analyskakor.",
        "en": "Only if you have accepted analytics cookies.",
    },
    "Google LLC, alikäsittelijät": {
        "sv": "Google LLC, underbiträden",
        "en": "Google LLC, sub-processors",
    },
    "Saat jäljennöksen vakiosopimuslausekkeista pyytämällä sitä yhteyshenkilöltä.": {
        "sv": "Du får en kopia av standardavtalsklausulerna genom att be kontaktpersonen om den.",
        "en": "You can get a copy of the standard contractual clauses by asking the contact "
        "person.",
    },
    "Asiakkuuden ajan ja 2 vuotta sen päättymisestä": {
        "sv": "Under kundförhållandet och 2 år efter att det upphört",
        "en": "For the duration of the customer relationship and 2 years after it ends",
    },
    "Laskut ja tositteet": {"sv": "Fakturor och verifikat", "en": "Invoices and vouchers"},
    "6 vuotta tilikauden päättymisestä": {
        "sv": "6 år från räkenskapsperiodens slut",
        "en": "6 years from the end of the financial year",
    },
    "Kirjanpitolain 2 luvun 10 §:n mukaisesti.": {
        "sv": "Enligt 2 kap. 10 § i bokföringslagen.",
        "en": "As Chapter 2, Section 10 of the Accounting Act requires.",
    },
    "Uutiskirjeen tilaus": {"sv": "Prenumeration på nyhetsbrevet", "en": "Newsletter subscription"},
    "Kunnes peruutat tilauksen.": {
        "sv": "Tills du avslutar prenumerationen.",
        "en": "Until you cancel the subscription.",
    },
    "Käyttölokit": {"sv": "Användningsloggar", "en": "Usage logs"},
    "12 kuukautta": {"sv": "12 månader", "en": "12 months"},
    "Paperiset asiakirjat säilytetään lukitussa tilassa, ja ne hävitetään tietoturvallisesti.": {
        "sv": "Pappersdokument förvaras i ett låst utrymme och förstörs på ett datasäkert sätt.",
        "en": "Paper documents are kept in a locked room and destroyed securely.",
    },
    "Järjestelmiin kirjaudutaan henkilökohtaisilla tunnuksilla, ja käyttöoikeudet annetaan vain "
    "niille, jotka tarvitsevat tietoja työssään.": {
        "sv": "Systemen används med personliga användarkonton, och behörighet ges endast till dem "
        "som behöver uppgifterna i sitt arbete.",
        "en": "Systems are used with personal accounts, and access is given only to those who "
        "need the data in their work.",
    },
    "Voit perua uutiskirjeen tilauksen jokaisen viestin lopussa olevasta linkistä ja "
    "analytiikkaevästeiden suostumuksen sivuston alalaidan evästeasetuksista.": {
        "sv": "Du kan avsluta prenumerationen på nyhetsbrevet via länken i slutet av varje "
        "meddelande och återkalla samtycket till analyskakor i cookieinställningarna längst ner "
        "på webbplatsen.",
        "en": "You can cancel the newsletter with the link at the end of every message, and "
        "withdraw your consent to analytics cookies in the cookie settings at the bottom of "
        "every page.",
    },
    "Yhteystiedot ovat tarpeen asiakassopimuksen tekemiseksi. Ilman niitä emme voi toimittaa "
    "ohjelmistoa emmekä laskuttaa. Uutiskirjeen tilaaminen on vapaaehtoista.": {
        "sv": "Kontaktuppgifterna behövs för att ingå kundavtalet. Utan dem kan vi varken leverera "
        "programmet eller fakturera. Det är frivilligt att prenumerera på nyhetsbrevet.",
        "en": "Contact details are needed to enter into the customer contract. Without them we "
        "can neither deliver the software nor invoice for it. Subscribing to the newsletter is "
        "voluntary.",
    },
    "Lisätietoja": {"sv": "Mer information", "en": "Further information"},
    "Jos sinulla on kysyttävää tästä selosteesta, ota yhteyttä yhteyshenkilöömme. Vastaamme "
    "mielellämme.": {
        "sv": "Om du har frågor om den här beskrivningen, kontakta vår kontaktperson. Vi svarar "
        "gärna.",
        "en": "If you have questions about this notice, please contact our contact person. We are "
        "happy to answer.",
    },
    # Rights request page
    "Tietosuojapyyntö": {"sv": "Begäran om dataskydd", "en": "Data protection request"},
    "Tällä lomakkeella voit pyytää pääsyä tietoihisi, niiden oikaisemista tai poistamista tai "
    "käyttää muita tietosuojaoikeuksiasi. Vastaamme kuukauden kuluessa pyynnön saapumisesta.": {
        "sv": "Med det här formuläret kan du begära att få se, rätta eller radera dina uppgifter "
        "eller utöva dina andra dataskyddsrättigheter. Vi svarar inom en månad från att begäran "
        "kommit in.",
        "en": "With this form you can ask to see, correct or erase your data, or use your other "
        "data protection rights. We answer within one month of receiving your request.",
    },
}


def text_for(finnish: str, language_code: str) -> str | None:
    """The demo's text in the given language, or None when the demo has not translated it."""
    if finnish in SLUGS:
        return SLUGS[finnish].get(language_code)
    entry = TEXTS.get(finnish)
    return entry.get(language_code) if entry else None
