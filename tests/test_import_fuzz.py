"""Any bytes at all: the importer's reading and splitting either work or say why, nothing else."""

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notices.importer import NoticeImportError
from notices.importer.reading import read_lines
from notices.importer.splitting import paragraphs, rich_text, split_sections

HEADINGS = [
    "1. Rekisterinpitäjä",
    "REKISTERIN PITÄJÄ",
    "Lagringstid",
    "Rights\tYou may",
    "<h2>x</h2>",
]
text_lines = st.lists(st.one_of(st.sampled_from(HEADINGS), st.text(max_size=80)), max_size=40).map(
    "\n".join
)


def read_and_split(data: bytes, name: str) -> None:
    try:
        lines = read_lines(data, name)
    except NoticeImportError as error:
        assert str(error)
        return
    sections = split_sections(lines).sections
    for section in sections:
        html = rich_text(section.lines)
        assert "<script" not in html.lower()
        paragraphs(section.lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.txt", "a.html", "a.docx"]))
def test_random_bytes(data, name):
    read_and_split(data, name)


@settings(max_examples=150, deadline=None)
@given(text=text_lines, name=st.sampled_from(["a.txt", "a.html"]))
def test_random_text_with_headings(text, name):
    read_and_split(text.encode("utf-8", "surrogatepass"), name)


@settings(max_examples=60, deadline=None)
@given(xml=st.binary(max_size=1000))
def test_random_document_xml_inside_a_zip(xml):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    read_and_split(buffer.getvalue(), "a.docx")
