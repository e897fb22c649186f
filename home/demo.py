"""The demo: a fictional software company and its complete Finnish customer-register notice.

Only reserved example domains (.example) are used, and the business ID is fictional but passes
the Y-tunnus checksum.
"""

import uuid

from notices.models import ContactPerson, Organisation

ORGANISATION = {
    "name": "Revontuli Ohjelmistot Oy",
    "business_id": "2345678-0",
    "street_address": "Satamakatu 12 B",
    "postal_code": "40100",
    "city": "Jyväskylä",
    "country": "FI",
    "phone": "+358 40 000 1234",
    "email": "info@revontuli.example",
    "website": "https://www.revontuli.example/",
}

# Stable identities: re-running load_demo finds these even after an editor changed every field.
CONTACT_PERSON_KEY = uuid.UUID("6f0e7c52-1d0b-4c8e-9a51-3b7f2a9d8e01")
NOTICE_KEY = uuid.UUID("0b9c3f5e-7a2d-4e61-8f3c-5d2a1e9b7c40")

CONTACT_PERSON = {
    "name": "Aino Virtanen",
    "role": "Asiakaspalvelupäällikkö",
    "email": "tietosuoja@revontuli.example",
    "phone": "+358 40 000 5678",
}

HOME_INTRO = (
    "Revontuli Ohjelmistot Oy tekee kirjanpito- ja laskutusohjelmistoja pienille yrityksille. "
    "Kerromme avoimesti, miten käsittelemme asiakkaidemme henkilötietoja."
)

# The home page embeds a video, which waits behind a consent placeholder until the visitor
# accepts external media (YouTube's first video, public since 2005).
HOME_VIDEO_URL = "https://www.youtube.com/watch?v=jNQXAC9IVRw"
HOME_BODY = (
    "<h2>Esimerkkivideo</h2>"
    "<p>Sivuille upotetut videot ladataan vasta, kun annat siihen luvan: ennen sitä selaimesi "
    "ei ota yhteyttä YouTubeen. Esimerkkinä on YouTuben ensimmäinen video vuodelta 2005.</p>"
    f'<embed embedtype="media" url="{HOME_VIDEO_URL}"/>'
)
# What YouTube's oEmbed endpoint answers for the video, stored as Wagtail's embed cache so the
# demo renders without reaching the internet; other embeds are fetched as usual.
HOME_VIDEO_EMBED = {
    "type": "video",
    "title": "Me at the zoo",
    "author_name": "jawed",
    "provider_name": "YouTube",
    "thumbnail_url": "https://i.ytimg.com/vi/jNQXAC9IVRw/hqdefault.jpg",
    "width": 200,
    "height": 150,
    "html": (
        '<iframe width="200" height="150" src="https://www.youtube.com/embed/jNQXAC9IVRw'
        '?feature=oembed" frameborder="0" allow="accelerometer; autoplay; clipboard-write; '
        'encrypted-media; gyroscope; picture-in-picture; web-share" '
        'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen '
        'title="Me at the zoo"></iframe>'
    ),
}

NOTICE_TITLE = "Tietosuojaseloste – asiakasrekisteri"
NOTICE_INTRO = (
    "Tässä selosteessa kerromme, miten Revontuli Ohjelmistot Oy käsittelee asiakkaidensa, "
    "asiakasyritysten yhteyshenkilöiden ja uutiskirjeen tilaajien henkilötietoja. Seloste "
    "perustuu EU:n yleisen tietosuoja-asetuksen 13 ja 14 artiklaan."
)
REQUEST_TITLE = "Tietosuojapyyntö"
REQUEST_INTRO = (
    "Tällä lomakkeella voit pyytää pääsyä tietoihisi, niiden oikaisemista tai poistamista tai "
    "käyttää muita tietosuojaoikeuksiasi. Vastaamme kuukauden kuluessa pyynnön saapumisesta."
)


def notice_body(organisation: Organisation, person: ContactPerson) -> list[tuple[str, dict]]:
    """Every section type once, with content a small Finnish software company would write."""
    return [
        ("controller", {"heading": "", "organisation": organisation.pk, "representative": ""}),
        (
            "contact_person",
            {
                "heading": "",
                "person": person.pk,
                "note": "Tavoitat yhteyshenkilön parhaiten sähköpostitse arkipäivisin.",
            },
        ),
        (
            "data_protection_officer",
            {"heading": "", "designated": "no", "person": None, "note": ""},
        ),
        (
            "register_name",
            {
                "heading": "",
                "name": "Revontuli Ohjelmistot Oy:n asiakas- ja markkinointirekisteri",
                "description": "Rekisteri sisältää asiakkaiden, asiakasyritysten "
                "yhteyshenkilöiden ja uutiskirjeen tilaajien tiedot.",
            },
        ),
        (
            "purposes",
            {
                "heading": "",
                "purposes": [
                    {
                        "purpose": "Asiakassuhteen hoitaminen ja sopimusten täyttäminen",
                        "description": "Ohjelmistolisenssien toimittaminen, käyttötuki ja "
                        "laskutus.",
                        "legal_basis": "contract",
                        "legitimate_interest": "",
                        "special_category_condition": "",
                    },
                    {
                        "purpose": "Kirjanpitovelvoitteiden hoitaminen",
                        "description": "Laskut ja tositteet säilytetään kirjanpitolain mukaan.",
                        "legal_basis": "legal_obligation",
                        "legitimate_interest": "",
                        "special_category_condition": "",
                    },
                    {
                        "purpose": "Palvelujen kehittäminen ja tietoturvan valvonta",
                        "description": "Käyttötilastot ja lokit auttavat korjaamaan virheitä ja "
                        "havaitsemaan väärinkäytöksiä.",
                        "legal_basis": "legitimate_interests",
                        "legitimate_interest": "Meillä on oikeutettu etu pitää palvelumme "
                        "toimivina ja turvallisina asiakkaidemme hyväksi.",
                        "special_category_condition": "",
                    },
                    {
                        "purpose": "Uutiskirje ja verkkosivujen kävijäanalytiikka",
                        "description": "Lähetämme uutiskirjeen ja mittaamme sivuston käyttöä "
                        "vain, jos olet antanut siihen suostumuksesi.",
                        "legal_basis": "consent",
                        "legitimate_interest": "",
                        "special_category_condition": "",
                    },
                ],
            },
        ),
        (
            "data_subjects",
            {
                "heading": "",
                "groups": [
                    {"group": "Asiakkaat", "description": "Ohjelmistojemme käyttäjät."},
                    {
                        "group": "Asiakasyritysten yhteyshenkilöt",
                        "description": "Henkilöt, jotka asioivat kanssamme yrityksensä puolesta.",
                    },
                    {"group": "Uutiskirjeen tilaajat", "description": ""},
                ],
            },
        ),
        (
            "data_content",
            {
                "heading": "",
                "categories": [
                    {
                        "category": "Yhteystiedot",
                        "items": "Nimi, sähköpostiosoite, puhelinnumero, yritys ja asema.",
                        "special_category": False,
                    },
                    {
                        "category": "Asiakkuustiedot",
                        "items": "Tilatut tuotteet, lisenssit, laskutus- ja maksutiedot, "
                        "tukipyynnöt.",
                        "special_category": False,
                    },
                    {
                        "category": "Markkinointiluvat",
                        "items": "Uutiskirjeen tilaus ja sen ajankohta.",
                        "special_category": False,
                    },
                    {
                        "category": "Tekniset tiedot",
                        "items": "Palvelun käyttölokit ja suostumuksella kerätyt "
                        "analytiikkatiedot.",
                        "special_category": False,
                    },
                ],
            },
        ),
        (
            "sources",
            {
                "heading": "",
                "sources": [
                    {
                        "source": "Rekisteröity itse",
                        "kind": "data_subject",
                        "publicly_accessible": False,
                        "description": "Tilauksen, tukipyynnön tai uutiskirjeen tilauksen "
                        "yhteydessä.",
                    },
                    {
                        "source": "Yritys- ja yhteisötietojärjestelmä (YTJ)",
                        "kind": "public",
                        "publicly_accessible": True,
                        "description": "Asiakasyrityksen nimi, Y-tunnus ja osoite.",
                    },
                    {
                        "source": "Palvelun käyttö",
                        "kind": "generated",
                        "publicly_accessible": False,
                        "description": "Lokitiedot syntyvät, kun käytät palveluamme.",
                    },
                ],
            },
        ),
        (
            "recipients",
            {
                "heading": "",
                "disclosed": "yes",
                "recipients": [
                    {
                        "recipient": "Verohallinto ja muut viranomaiset",
                        "reason": "Vain lain edellyttämissä tilanteissa.",
                    },
                    {
                        "recipient": "Perintätoimisto",
                        "reason": "Erääntyneiden laskujen perintä.",
                    },
                ],
            },
        ),
        (
            "processors",
            {
                "heading": "",
                "intro": "",
                "processors": [
                    {
                        "name": "Pilvipalvelu Kumpu Oy",
                        "service": "Palvelinten ja varmuuskopioiden ylläpito",
                        "location": "eu",
                    },
                    {
                        "name": "Laskutuspalvelu Lasku Oy",
                        "service": "Laskujen lähettäminen ja maksujen seuranta",
                        "location": "eu",
                    },
                    {
                        "name": "Google Ireland Ltd",
                        "service": "Verkkosivujen kävijäanalytiikka (Google Analytics)",
                        "location": "outside",
                    },
                ],
            },
        ),
        (
            "transfers",
            {
                "heading": "",
                "transferred": "yes",
                "transfers": [
                    {
                        "recipient": "Google LLC (Google Analytics)",
                        "country": "Yhdysvallat",
                        "mechanism": "eu_us_dpf",
                        "details": "Vain jos olet hyväksynyt analytiikkaevästeet.",
                    },
                    {
                        "recipient": "Google LLC, alikäsittelijät",
                        "country": "Yhdysvallat",
                        "mechanism": "scc",
                        "details": "",
                    },
                ],
                "copy_info": "Saat jäljennöksen vakiosopimuslausekkeista pyytämällä sitä "
                "yhteyshenkilöltä.",
            },
        ),
        (
            "retention",
            {
                "heading": "",
                "items": [
                    {
                        "category": "Asiakkuustiedot",
                        "period": "Asiakkuuden ajan ja 2 vuotta sen päättymisestä",
                        "criteria": "",
                    },
                    {
                        "category": "Laskut ja tositteet",
                        "period": "6 vuotta tilikauden päättymisestä",
                        "criteria": "Kirjanpitolain 2 luvun 10 §:n mukaisesti.",
                    },
                    {
                        "category": "Uutiskirjeen tilaus",
                        "period": "",
                        "criteria": "Kunnes peruutat tilauksen.",
                    },
                    {
                        "category": "Käyttölokit",
                        "period": "12 kuukautta",
                        "criteria": "",
                    },
                ],
            },
        ),
        (
            "security",
            {
                "heading": "",
                "manual_material": "Paperiset asiakirjat säilytetään lukitussa tilassa, ja ne "
                "hävitetään tietoturvallisesti.",
                "electronic_material": "Järjestelmiin kirjaudutaan henkilökohtaisilla "
                "tunnuksilla, ja käyttöoikeudet annetaan vain niille, jotka tarvitsevat tietoja "
                "työssään.",
                "measures": [
                    "access_control",
                    "authentication",
                    "encryption_transit",
                    "encryption_rest",
                    "backups",
                    "logging",
                    "training",
                ],
            },
        ),
        (
            "rights",
            {
                "heading": "",
                "intro": "",
                "rights": [
                    {"right": "access", "explanation": ""},
                    {"right": "rectification", "explanation": ""},
                    {"right": "erasure", "explanation": ""},
                    {"right": "restriction", "explanation": ""},
                    {"right": "portability", "explanation": ""},
                ],
                "how_to_exercise": "",
            },
        ),
        ("right_to_object", {"heading": "", "explanation": "", "direct_marketing": True}),
        (
            "consent_withdrawal",
            {
                "heading": "",
                "explanation": "",
                "how": "Voit perua uutiskirjeen tilauksen jokaisen viestin lopussa olevasta "
                "linkistä ja analytiikkaevästeiden suostumuksen sivuston alalaidan "
                "evästeasetuksista.",
            },
        ),
        ("complaint", {"heading": "", "authority": None, "explanation": ""}),
        (
            "requirement",
            {
                "heading": "",
                "requirement": "contractual",
                "consequences": "Yhteystiedot ovat tarpeen asiakassopimuksen tekemiseksi. Ilman "
                "niitä emme voi toimittaa ohjelmistoa emmekä laskuttaa. Uutiskirjeen tilaaminen "
                "on vapaaehtoista.",
            },
        ),
        ("automated_decisions", {"heading": "", "in_use": "no", "logic": "", "consequences": ""}),
        ("cookies", {"heading": "", "intro": ""}),
        ("change_policy", {"heading": "", "text": ""}),
        (
            "text",
            {
                "heading": "Lisätietoja",
                "body": "<p>Jos sinulla on kysyttävää tästä selosteesta, ota yhteyttä "
                "yhteyshenkilöömme. Vastaamme mielellämme.</p>",
            },
        ),
    ]


# Fictional, in GA4's format ("G-" and ten letters or digits): gtag.js is requested only after
# consent, and nothing real is measured.
GA_MEASUREMENT_ID = "G-DEMO000000"
