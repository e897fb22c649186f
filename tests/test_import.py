"""Importing existing notices: each heading style, DOCX and HTML, the admin form, hostile files."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import Locale

from notices.checks import check_notice
from notices.importer import NoticeImportError, import_notice
from notices.models import PrivacyNoticePage

FIXTURES = Path(__file__).parent / "fixtures" / "notices"
LABEL_WORDS = {"tunnus", "puhelin", "sähköposti", "phone", "telefon", "nummer", "business"}


def run_import(path: Path, *args: str) -> tuple[PrivacyNoticePage, str]:
    out = io.StringIO()
    call_command("import_notice", str(path), *args, stdout=out)
    output = out.getvalue()
    page_id = int(re.search(r"page id (\d+)", output).group(1))
    return PrivacyNoticePage.objects.get(pk=page_id), output


def recognised(output: str) -> tuple[int, int]:
    match = re.search(r"recognised (\d+) of (\d+) sections", output)
    return int(match.group(1)), int(match.group(2))


def check_articles(page: PrivacyNoticePage) -> set[str]:
    return {f.article for f in check_notice(page.get_latest_revision_as_object()) if f.is_error}


def everything_stored(page: PrivacyNoticePage) -> str:
    """All text the import kept: title, intro, the body's raw JSON and the snippets it made."""
    from notices.models import ContactDetails, ContactPerson, Organisation

    parts = [page.title, page.intro, json.dumps(list(page.body.raw_data), ensure_ascii=False)]
    for model in (Organisation, ContactPerson, ContactDetails):
        for record in model.objects.all():
            parts.extend(str(v) for v in record.__dict__.values() if isinstance(v, str))
    return " ".join(parts).lower()


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{4,}", text.lower())) - LABEL_WORDS


@pytest.mark.parametrize(
    ("fixture", "locale", "typed", "lacks"),
    [
        (
            "numbered_fi.txt",
            "fi",
            {"controller", "contact_person", "rights", "transfers", "retention", "complaint"},
            {"13(1)(b)", "13(2)(e)", "13(2)(f)", "13(2)(b)"},
        ),
        (
            "uppercase_fi.txt",
            "fi",
            {"controller", "contact_person", "register_name", "rights", "cookies"},
            {"13(1)(b)", "13(1)(f)", "13(2)(a)", "13(2)(d)", "13(2)(e)"},
        ),
        (
            "plain_sv.txt",
            "sv",
            {"controller", "contact_person", "transfers", "retention", "rights", "right_to_object"},
            {"13(1)(b)", "13(1)(e)", "13(2)(e)", "13(2)(f)"},
        ),
        (
            "table_en.txt",
            "en",
            {"controller", "contact_person", "register_name", "transfers", "retention", "rights"},
            {"13(1)(b)", "13(2)(b)", "13(2)(d)", "13(2)(e)"},
        ),
        (
            "fragments_fi.txt",
            "fi",
            {"controller", "contact_person", "purposes", "retention", "rights"},
            {"13(1)(b)", "13(1)(f)", "13(2)(d)", "13(2)(e)"},
        ),
        (
            "notice_en.html",
            "en",
            {"controller", "contact_person", "transfers", "retention", "rights"},
            {"13(1)(b)", "13(2)(d)", "13(2)(e)", "13(2)(f)"},
        ),
    ],
)
def test_each_heading_style_imports_as_a_draft(home_page, fixture, locale, typed, lacks):
    page, output = run_import(FIXTURES / fixture, "--locale", locale)
    assert not page.live and page.has_unpublished_changes
    assert page.locale.language_code == locale
    found, total = recognised(output)
    assert total >= 6 and found / total >= 0.75, output
    assert typed <= {block.block_type for block in page.body}
    assert lacks <= check_articles(page)


def test_nothing_of_a_text_notice_is_dropped(home_page):
    source = (FIXTURES / "numbered_fi.txt").read_text(encoding="utf-8")
    page, _output = run_import(FIXTURES / "numbered_fi.txt")
    missing = words(source) - words(everything_stored(page))
    assert missing == set()


def test_typed_controller_and_contact_person(home_page):
    page, _output = run_import(FIXTURES / "numbered_fi.txt")
    organisation, person = page.controller, page.contact_person
    assert organisation.business_id == "1618033-3"
    assert (organisation.postal_code, organisation.city) == ("33100", "Tampere")
    assert organisation.email == "toimisto@kuusikko.example"
    assert person.name == "Veera Mänty"
    assert person.email == "veera.manty@kuusikko.example"
    assert person.phone == "+358 50 111 2222"


def test_two_column_table_fills_typed_blocks(home_page):
    page, _output = run_import(FIXTURES / "table_en.txt", "--locale", "en")
    assert page.controller.business_id == "1732050-2"
    transfers = page.blocks_of_type("transfers")[0]
    assert transfers["transferred"] == "yes"
    assert transfers["transfers"][0]["mechanism"] == "eu_us_dpf"
    rights = {item["right"] for item in page.blocks_of_type("rights")[0]["rights"]}
    assert rights == {"access", "rectification", "erasure", "restriction", "portability"}


def test_outdated_notice_gets_its_lints(home_page):
    page, _output = run_import(FIXTURES / "uppercase_fi.txt")
    codes = {f.code for f in check_notice(page.get_latest_revision_as_object())}
    assert {"outdated_reference", "undeclared_transfer", "dpo_title"} <= codes


def test_html_drops_scripts_and_keeps_unknown_sections(home_page):
    page, output = run_import(FIXTURES / "notice_en.html", "--locale", "en")
    stored = everything_stored(page)
    assert "alert" not in stored
    assert "office dog rolle" in stored
    assert "not placed, kept as text: Our office dog" in output
    assert page.title == "Privacy notice"


def docx_bytes(paragraphs: list[tuple[str, str]], table: list[list[str]] | None = None) -> bytes:
    """A minimal Word document: (style, text) paragraphs and an optional table."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def para(style: str, text: str) -> str:
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"

    body = "".join(para(style, text) for style, text in paragraphs)
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{para('', c)}</w:tc>" for c in row) + "</w:tr>"
            for row in table
        )
        body += f"<w:tbl>{rows}</w:tbl>"
    xml = f'<?xml version="1.0"?><w:document {ns}><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_docx_with_heading_styles_and_a_table(home_page, tmp_path):
    path = tmp_path / "seloste.docx"
    path.write_bytes(
        docx_bytes(
            [
                ("Title", "Tietosuojaseloste"),
                ("Heading1", "Rekisterinpitäjä"),
                ("", "Haapala Koodi Oy, Y-tunnus 1414213-0, Rantatie 5, 15100 Lahti"),
                ("Heading1", "Yhteyshenkilö"),
                ("", "Kaisa Haapala"),
                ("", "kaisa@haapala.example"),
                ("Heading1", "Tietojen säilytysaika"),
                ("", "Tietoja säilytetään asiakkuuden ajan."),
                ("Heading1", "Rekisteröidyn oikeudet"),
                ("", "Voit tarkastaa ja korjata tietosi sekä pyytää niiden poistamista."),
            ],
            table=[["Tietojen luovutus", "Tietoja ei luovuteta kenellekään."]],
        )
    )
    page, output = run_import(path)
    assert recognised(output) == (5, 5)
    types = [block.block_type for block in page.body]
    assert {"controller", "contact_person", "retention", "rights", "recipients"} <= set(types)
    assert page.controller.business_id == "1414213-0"


def test_html_text_outside_paragraphs_is_kept(home_page, tmp_path):
    path = tmp_path / "seloste.html"
    path.write_text(
        "<html><body><h2>Rekisterinpitäjä</h2><div>Kaarna Oy, Y-tunnus 1414213-0</div>"
        "<h2>Tietojen säilytysaika</h2>Säilytämme tietoja <b>kaksi</b> vuotta."
        "<table><tr><td>Tietojen luovutus</td><td>Tietoja ei luovuteta.</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    page, output = run_import(path)
    stored = everything_stored(page)
    assert "säilytämme tietoja kaksi vuotta." in stored
    assert page.controller.business_id == "1414213-0"
    assert "recipients" in {block.block_type for block in page.body}


def test_docx_content_controls_are_read(home_page, tmp_path):
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (
        f"<w:document {ns}><w:body>"
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
        "<w:r><w:t>Rekisterin nimi</w:t></w:r></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>Jäsenrekisteri</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    path = tmp_path / "sdt.docx"
    path.write_bytes(buffer.getvalue())
    page, _output = run_import(path)
    assert page.blocks_of_type("register_name")[0]["name"] == "Jäsenrekisteri"


# -- hostile and malformed input ------------------------------------------------------------------


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b"\0" * (30 * 1024 * 1024) + b"</a>")
    return buffer.getvalue()


def billion_laughs_docx() -> bytes:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<w:document><w:body>&lol2;</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", bytes(range(256)) * 40, "binary"),
        ("latin1.txt", "Rekisterinpitäjä\n\nYritys Oy\n".encode("latin-1"), "UTF-8"),
        ("nul.txt", b"Rekisterinpit\xc3\xa4j\xc3\xa4\n\x00\x00\n", "binary"),
        ("empty.txt", b"   \n\n", "empty"),
        ("huge.txt", b"a" * (5 * 1024 * 1024 + 1), "too large"),
        ("noheadings.txt", "Pelkkää tekstiä ilman otsikoita.\n".encode(), "No section headings"),
        ("fake.docx", b"PK\x03\x04 this is not really a zip file", "not a valid Word"),
        ("nodoc.docx", None, "not a valid Word"),
        ("bomb.docx", zip_bomb(), "unreasonable size"),
        ("laughs.docx", billion_laughs_docx(), "unsafe XML"),
        ("deep.html", b"<div>" * 50000 + b"<h2>Rekisterinpit\xc3\xa4j\xc3\xa4</h2>", None),
    ],
)
def test_hostile_files_give_a_clear_error(home_page, tmp_path, name, content, message):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        content = buffer.getvalue()
    path = tmp_path / name
    path.write_bytes(content)
    before = PrivacyNoticePage.objects.count()
    with translation.override("en"):
        if message is None:
            # Absurd nesting either imports or fails cleanly; never a traceback.
            try:
                call_command("import_notice", str(path), "--language", "en", stdout=io.StringIO())
            except CommandError:
                pass
            return
        with pytest.raises(CommandError, match=message):
            call_command("import_notice", str(path), "--language", "en", stdout=io.StringIO())
    assert PrivacyNoticePage.objects.count() == before


def test_command_line_error_exits_non_zero_without_traceback(home_page, tmp_path, capsys):
    from django.core.management import execute_from_command_line

    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_notice", str(path)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "CommandError" in err and "Traceback" not in err


def test_unknown_locale_and_missing_file(home_page, tmp_path):
    with pytest.raises(CommandError, match="Unknown locale"):
        call_command(
            "import_notice", str(FIXTURES / "numbered_fi.txt"), "--locale", "xx", "--language", "en"
        )
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_notice", str(tmp_path / "missing.txt"), "--language", "en")


def test_import_function_refuses_a_parent_that_cannot_hold_a_notice(home_page):
    from tests.factories import PrivacyNoticePageFactory

    notice = PrivacyNoticePageFactory(parent=home_page)
    with pytest.raises(NoticeImportError):
        import_notice(
            (FIXTURES / "numbered_fi.txt").read_bytes(),
            "numbered_fi.txt",
            Locale.objects.get(language_code="fi"),
            parent=notice,
        )


# -- the admin upload form ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_upload_creates_a_draft_and_opens_it(admin_client, home_page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.get("/admin/notices/import/")
    assert response.status_code == 200
    upload = SimpleUploadedFile(
        "seloste.txt", (FIXTURES / "numbered_fi.txt").read_bytes(), "text/plain"
    )
    response = admin_client.post(
        "/admin/notices/import/", {"file": upload, "locale": "fi", "title": ""}, follow=True
    )
    page = PrivacyNoticePage.objects.get(slug__startswith="tietosuojaseloste")
    assert response.redirect_chain[-1][0] == f"/admin/notices/import/{page.pk}/"
    assert not page.live
    content = response.content.decode()
    assert "12" in content  # recognised 12 of 12 sections, in the editor's language
    # Each heading links into the draft's section in the editor and in the preview.
    first_block = next(iter(page.get_latest_revision_as_object().body))
    assert f"/admin/pages/{page.pk}/edit/#block-{first_block.id}-section" in content
    assert f"/admin/pages/{page.pk}/view_draft/#" in content
    # The report stays with the page's history.
    assert admin_client.get(f"/admin/notices/import/{page.pk}/").status_code == 200


def test_admin_paste_imports_pasted_text_with_a_report_and_findings(admin_client, home_page):
    text = (FIXTURES / "numbered_fi.txt").read_text(encoding="utf-8")
    with translation.override("en"):
        response = admin_client.post(
            "/admin/notices/import/",
            {"text": text, "locale": "fi", "title": "Liitetty seloste"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    page = PrivacyNoticePage.objects.get(title="Liitetty seloste")
    assert not page.live
    content = response.content.decode()
    assert "What the completeness check finds" in content
    assert "13(2)(e)" in content  # the notice says nothing of the requirement
    # Neither a file nor text: a clear message, nothing created.
    response = admin_client.post("/admin/notices/import/", {"locale": "fi", "text": " "})
    assert response.context["form"].errors["file"]
    assert PrivacyNoticePage.objects.count() == 1


def test_admin_upload_of_a_bad_file_shows_the_error(admin_client, home_page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = PrivacyNoticePage.objects.count()
    upload = SimpleUploadedFile("bad.txt", b"\x00\x01binary", "text/plain")
    with translation.override("en"):
        response = admin_client.post(
            "/admin/notices/import/",
            {"file": upload, "locale": "fi", "title": "Minun seloste"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["form"]["title"].value() == "Minun seloste"
    assert PrivacyNoticePage.objects.count() == before


def test_admin_upload_needs_permission_to_add_pages(client, django_user_model, home_page):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("lukija", "lukija@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    response = client.get("/admin/notices/import/")
    assert response.status_code == 302 and response.url == "/admin/"
    upload = io.BytesIO((FIXTURES / "numbered_fi.txt").read_bytes())
    upload.name = "seloste.txt"
    client.post("/admin/notices/import/", {"file": upload, "locale": "fi"})
    assert not PrivacyNoticePage.objects.exists()


def test_older_notices_with_a_heading_per_right(home_page, tmp_path):
    """Notices written for the old Personal Data Act name each right in its own heading."""
    path = tmp_path / "per_right.txt"
    path.write_text(
        "1. Rekisterinpitäjä\nHaapala Puutarha Oy\n\n"
        "2. Tarkastusoikeus\nJokainen voi tarkastaa omat tietonsa ja saada niistä kopion.\n\n"
        "3. Oikeus vaatia tiedon korjaamista\nVirheellinen tieto oikaistaan tai poistetaan "
        "pyynnöstä.\n\n"
        "4. Rätt till insyn\nDu kan begära att få se dina uppgifter.\n",
        encoding="utf-8",
    )
    page, output = run_import(path)
    assert recognised(output) == (4, 4), output
    assert [b.block_type for b in page.body].count("rights") == 3
    first = {item["right"] for item in page.blocks_of_type("rights")[0]["rights"]}
    assert "access" in first
