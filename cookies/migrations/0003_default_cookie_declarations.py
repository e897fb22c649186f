"""Install the default declarations: the necessary cookies and Google Analytics 4."""

from django.db import migrations

GROUPS = [
    {
        "varname": "necessary",
        "name": "Välttämättömät",
        "name_sv": "Nödvändiga",
        "name_en": "Necessary",
        "description": (
            "Nämä evästeet pitävät sivuston toiminnassa ja muistavat evästevalintasi. "
            "Ne eivät seuraa sinua, eikä niihin kysytä suostumusta."
        ),
        "description_sv": (
            "De här kakorna håller webbplatsen igång och kommer ihåg dina kakval. "
            "De spårar dig inte och kräver inget samtycke."
        ),
        "description_en": (
            "These cookies keep the site working and remember your cookie choices. "
            "They do not track you and need no consent."
        ),
        "is_required": True,
        "is_deletable": False,
        "ordering": 0,
        "cookies": [
            {
                "name": "sessionid",
                "description": "Pitää sinut kirjautuneena, jos kirjaudut sivuston ylläpitoon.",
                "purpose_sv": "Håller dig inloggad om du loggar in i webbplatsens administration.",
                "purpose_en": "Keeps you signed in if you sign in to the site's administration.",
                "duration_value": 14,
                "duration_unit": "days",
            },
            {
                "name": "csrftoken",
                "description": "Suojaa lomakkeita väärennetyiltä lähetyksiltä.",
                "purpose_sv": "Skyddar formulär mot förfalskade inskickningar.",
                "purpose_en": "Protects forms against forged submissions.",
                "duration_value": 1,
                "duration_unit": "years",
            },
            {
                "name": "cookie_consent",
                "description": (
                    "Muistaa evästevalintasi ja satunnaisen suostumustunnisteen, "
                    "jolla valinnan voi todentaa."
                ),
                "purpose_sv": (
                    "Kommer ihåg dina kakval och ett slumpmässigt samtyckes-id "
                    "som valet kan styrkas med."
                ),
                "purpose_en": (
                    "Remembers your cookie choices and a random consent id "
                    "with which your choice can be verified."
                ),
                "duration_value": 1,
                "duration_unit": "years",
            },
        ],
    },
    {
        "varname": "analytics",
        "name": "Analytiikka",
        "name_sv": "Analys",
        "name_en": "Analytics",
        "description": (
            "Google Analytics 4 kertoo meille, miten sivustoa käytetään, jotta voimme "
            "parantaa sitä. Käytössä vain, jos hyväksyt sen."
        ),
        "description_sv": (
            "Google Analytics 4 visar oss hur webbplatsen används så att vi kan "
            "förbättra den. Används bara om du godkänner det."
        ),
        "description_en": (
            "Google Analytics 4 shows us how the site is used so that we can improve it. "
            "Used only if you accept it."
        ),
        "is_required": False,
        "is_deletable": True,
        "ordering": 10,
        "cookies": [
            {
                "name": "_ga",
                "description": "Erottaa selaimet toisistaan kävijämäärien laskemiseksi.",
                "purpose_sv": "Skiljer webbläsare åt för att räkna besökare.",
                "purpose_en": "Tells browsers apart to count visitors.",
                "duration_value": 2,
                "duration_unit": "years",
            },
            {
                "name": "_ga_<container-id>",
                "description": "Säilyttää käyntikerran tilan, kuten sivulatausten määrän.",
                "purpose_sv": "Sparar besökets tillstånd, till exempel antalet sidvisningar.",
                "purpose_en": "Keeps the state of a visit, such as the number of page views.",
                "duration_value": 2,
                "duration_unit": "years",
            },
        ],
    },
]

GOOGLE = {
    "provider": "Google Ireland Limited / Google LLC",
    "is_third_party": True,
    "transferred_outside_eea": True,
}


def install(apps, schema_editor):
    CookieGroup = apps.get_model("cookie_consent", "CookieGroup")
    DeclaredCookieGroup = apps.get_model("seloste_cookies", "DeclaredCookieGroup")
    DeclaredCookie = apps.get_model("seloste_cookies", "DeclaredCookie")
    for spec in GROUPS:
        spec = dict(spec)
        cookies = spec.pop("cookies")
        if CookieGroup.objects.filter(varname=spec["varname"]).exists():
            continue  # a host site that declared it already keeps its own
        group = DeclaredCookieGroup.objects.create(**spec)
        for cookie in cookies:
            extra = GOOGLE if spec["varname"] == "analytics" else {"provider": ""}
            DeclaredCookie.objects.create(cookiegroup=group, **cookie, **extra)


def uninstall(apps, schema_editor):
    # Only the groups made here: a django-cookie-consent group the host made itself, which
    # install() kept, has no declaration of Seloste's behind it and stays.
    DeclaredCookieGroup = apps.get_model("seloste_cookies", "DeclaredCookieGroup")
    DeclaredCookieGroup.objects.filter(
        varname__in=[g["varname"] for g in GROUPS], name__in=[g["name"] for g in GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_cookies", "0002_declarations_records_settings"),
        ("cookie_consent", "0004_cookie_natural_key"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
