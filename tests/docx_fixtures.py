"""Word documents for the import tests, made with python-docx the way Word saves them: headings
numbered by Word's own numbering (numPr and numbering.xml), heading styles, outline levels,
list styles, and two-column tables with a repeated header row."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

DECIMAL_ABSTRACT = 90
BULLET_ABSTRACT = 91


def _add_numbering(document) -> tuple[str, str]:
    """A decimal list ("1.", "2.", …) and a bullet list, as Word writes them."""
    numbering = document.part.numbering_part.element
    decimal = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{DECIMAL_ABSTRACT}">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
    )
    bullet = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{BULLET_ABSTRACT}">'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        "</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    for abstract in (decimal, bullet):
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    for num_id, abstract_id in (("90", DECIMAL_ABSTRACT), ("91", BULLET_ABSTRACT)):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
    return "90", "91"


def _number(paragraph, num_id: str, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr>"
        )
    )


def _outline(paragraph, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>')
    )


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def numbered_fi() -> bytes:
    """A Finnish notice whose headings are numbered by Word, not typed."""
    document = docx.Document()
    headings, bullets = _add_numbering(document)
    document.add_paragraph("Tietosuojaseloste", style="Title")
    document.add_paragraph("Hiekkaranta Oy:n jäsen- ja asiakasrekisteri.")

    def heading(text: str) -> None:
        _number(document.add_paragraph(text, style="List Paragraph"), headings)

    def bullet(text: str) -> None:
        _number(document.add_paragraph(text, style="List Paragraph"), bullets)

    heading("Rekisterinpitäjä")
    document.add_paragraph("Hiekkaranta Oy\nY-tunnus 2645751-9\nRantapolku 2\n90100 Oulu")
    heading("Yhteyshenkilö")
    document.add_paragraph("Tuomas Ranta\ntuomas.ranta@hiekkaranta.example\n044 555 1212")
    heading("Käsittelyn tarkoitukset")
    bullet("Jäsenyyden hoitaminen jäsensopimuksen perusteella")
    bullet("Tapahtumista tiedottaminen jäsenen suostumuksella")
    heading("Käsiteltävät henkilötiedot")
    document.add_paragraph("Nimi, osoite ja jäsenmaksujen tiedot", style="List Bullet")
    document.add_paragraph("Tapahtumiin ilmoittautumiset", style="List Bullet")
    heading("Tietojen luovutukset")
    document.add_paragraph("Tietoja ei luovuteta ulkopuolisille.")
    heading("Säilytysaika")
    document.add_paragraph("Tiedot poistetaan kahden vuoden kuluttua jäsenyyden päättymisestä.")
    outlined = document.add_paragraph("Tietoturva")
    _outline(outlined, 0)
    document.add_paragraph(
        "Jäsenrekisteri on salasanalla suojatussa järjestelmässä, ja paperiset "
        "jäsenhakemukset säilytetään lukitussa kaapissa."
    )
    document.add_heading("Rekisteröidyn oikeudet", level=2)
    document.add_paragraph("Voit tarkastaa tietosi ja pyytää niiden korjaamista tai poistamista.")
    heading("Seuran toiminta")
    document.add_paragraph("Seura järjestää rantalentopalloturnauksen joka kesä.")
    return save(document)


def table_en() -> bytes:
    """A two-column table whose left cells are long, end with a full stop, or have no answer."""
    document = docx.Document()
    document.add_paragraph("Privacy notice", style="Title")
    rows = [
        ("Item", "Details"),
        (
            "Name and contact details of the controller, and of its representative where one "
            "has been appointed.",
            "Northwind Tiles Oy, business ID 3316624-2, Laattakatu 1, 15110 Lahti, "
            "info@northwind.example",
        ),
        ("Contact person for the register.", "Nora Lind, nora.lind@northwind.example"),
        ("Is there a data protection officer?", ""),
        (
            "For what purposes are personal data processed, and on what legal basis?",
            "Handling orders under our sales contract with the customer.",
        ),
        ("What personal data are processed?", "Name, delivery address, order history."),
        ("Recipients of the data.", "Data are not disclosed to anyone."),
        ("Are data transferred outside the EU or EEA?", "No, data stay within the EU."),
        ("How long are the data kept?", "Six years, as the Accounting Act requires."),
        ("Automated decision-making and profiling.", ""),
    ]
    table = document.add_table(rows=0, cols=2)
    for index, (left, right) in enumerate(rows):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = left, right
        if index == 0:
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    return save(document)


def numbered_en() -> bytes:
    """An English notice in Word's Heading 1 style, numbered by Word itself, with bulleted
    lists numbered by Word too and a lettered sub-level."""
    document = docx.Document()
    headings, bullets = _add_numbering(document)
    document.add_paragraph("Privacy Notice – Fjellstrand Outdoor Oy", style="Title")
    document.add_paragraph("This notice explains how we handle the data of our web shop customers.")

    def heading(text: str) -> None:
        _number(document.add_heading(text, level=1), headings)

    def bullet(text: str) -> None:
        _number(document.add_paragraph(text, style="List Bullet"), bullets)

    heading("Who we are")
    document.add_paragraph("Fjellstrand Outdoor Oy, business ID 2209837-9")
    document.add_paragraph("Rinnetie 14, 99130 Sirkka")
    document.add_paragraph("shop@fjellstrand.example, +358 16 555 0101")
    heading("Data Protection Officer")
    document.add_paragraph("We have not appointed a data protection officer.")
    heading("Categories of personal data")
    bullet("name, delivery address, email address and phone number")
    bullet("orders, returns and payment status")
    bullet("sizes you have saved in your account")
    heading("Why we use your data and our legal grounds")
    bullet("to deliver your orders – performance of the contract of sale")
    bullet("to prevent payment fraud – our legitimate interest in protecting the shop")
    bullet("to send our newsletter – your consent")
    heading("Where we get your data from")
    document.add_paragraph("From you when you place an order or open an account.")
    heading("Who we share your data with")
    document.add_paragraph(
        "Parcels are handed to Posti Oy with your name, address and phone number. The tax "
        "authorities receive accounting data when the law requires it."
    )
    heading("Our service providers")
    bullet("Verkkokauppa Alusta Oy hosts the web shop")
    bullet("Maksupalvelu Oy processes card payments")
    heading("International transfers")
    document.add_paragraph(
        "We keep the data in the EU. The newsletter is sent with Klaviyo in the United States "
        "under the European Commission's standard contractual clauses."
    )
    heading("How long we keep your data")
    document.add_paragraph(
        "Accounts that have not been used for three years are deleted. Receipts are kept for "
        "six years after the end of the financial year."
    )
    heading("Keeping your data safe")
    document.add_paragraph(
        "Our systems use encrypted connections and staff sign in with two-factor "
        "authentication. Paper delivery notes are shredded after a month."
    )
    heading("Your rights")
    document.add_paragraph(
        "You can ask for a copy of your data, have it corrected or erased, restrict its "
        "processing and receive it in a machine-readable form."
    )
    heading("Right to object")
    document.add_paragraph(
        "You may object at any time to processing based on our legitimate interest."
    )
    heading("Withdrawing consent")
    document.add_paragraph(
        "Every newsletter has an unsubscribe link; withdrawing consent does not affect "
        "earlier processing."
    )
    heading("Do you have to give us your data?")
    document.add_paragraph(
        "We cannot deliver an order without a name and an address; everything else is voluntary."
    )
    heading("Making a complaint")
    document.add_paragraph(
        "You can complain to the Office of the Data Protection Ombudsman in Finland."
    )
    heading("Changes to this notice")
    document.add_paragraph("We date every new version of this notice at its end.")
    return save(document)


def form_fi() -> bytes:
    """A Finnish notice as the old two-column form: numbered long left cells ending with a
    full stop, one row left unanswered, and a security row in the manual/electronic split."""
    document = docx.Document()
    document.add_paragraph("TIETOSUOJASELOSTE", style="Title")
    document.add_paragraph("EU:n yleinen tietosuoja-asetus (2016/679), artiklat 13 ja 14")
    rows = [
        (
            "1. Rekisterinpitäjä (nimi, Y-tunnus, osoite ja muut yhteystiedot).",
            "Kotihoito Lempi Oy\nY-tunnus 2955012-9\nKoivistontie 8\n15700 Lahti\n"
            "toimisto@lempi.example",
        ),
        (
            "2. Rekisteriä koskevissa asioissa yhteyttä pitävä henkilö.",
            "Marja Heino, palvelupäällikkö\nmarja.heino@lempi.example\n050 432 1100",
        ),
        ("3. Tietosuojavastaavan yhteystiedot.", "Tietosuojavastaavaa ei ole nimitetty."),
        ("4. Rekisterin nimi.", "Kotihoidon asiakasrekisteri"),
        (
            "5. Henkilötietojen käsittelyn tarkoitus ja käsittelyn oikeusperuste.",
            "Kotihoitopalvelujen suunnittelu, toteutus ja laskutus palvelusopimuksen perusteella.",
        ),
        (
            "6. Mitä tietoja rekisteriin tallennetaan?",
            "Asiakkaan nimi, osoite, puhelinnumero, omaisen yhteystiedot ja palvelusuunnitelma.",
        ),
        ("7. Säännönmukaiset tietolähteet.", "Asiakas itse ja hänen omaisensa."),
        (
            "8. Tietojen säännönmukaiset luovutukset.",
            "Tietoja luovutetaan hyvinvointialueelle palvelusetelin laskutusta varten.",
        ),
        (
            "9. Tietojen siirto EU:n tai ETA:n ulkopuolelle.",
            "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.",
        ),
        (
            "10. Kuinka kauan tietoja säilytetään.",
            "Asiakastiedot säilytetään 12 vuotta palvelun päättymisestä.",
        ),
        (
            "11. Rekisterin suojauksen periaatteet.",
            "A) Manuaalinen aineisto: kansiot säilytetään lukitussa kaapissa.\n"
            "B) Sähköisesti käsiteltävät tiedot: asiakasjärjestelmään kirjaudutaan "
            "henkilökohtaisilla tunnuksilla.",
        ),
        ("12. Automaattinen päätöksenteko ja profilointi.", ""),
        (
            "13. Rekisteröidyn oikeudet.",
            "Asiakkaalla on oikeus tarkastaa tietonsa ja vaatia virheellisen tiedon korjaamista.",
        ),
    ]
    table = document.add_table(rows=0, cols=2)
    for left, right in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = left, right
    return save(document)
