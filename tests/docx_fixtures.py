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
