"""Install the external media group: embedded videos and maps load only with its consent.

Each provider says who receives the data and where; the cookies and storage keys their players
set are declared in the group like any others, so the notice's cookie table and the cookie
scanner know them.
"""

from django.db import migrations

GROUP = {
    "varname": "external_media",
    "name": "Ulkoinen media",
    "name_sv": "Externa medier",
    "name_en": "External media",
    "description": (
        "Sivuille upotetut videot ja kartat muista palveluista, kuten YouTubesta. Ne ladataan "
        "vasta, kun hyväksyt ne: lataaminen lähettää palveluntarjoajalle IP-osoitteesi ja "
        "selaimesi tietoja, ja palvelu voi asettaa omia evästeitään."
    ),
    "description_sv": (
        "Videor och kartor från andra tjänster, till exempel YouTube, inbäddade på sidorna. "
        "De läses in först när du godkänner dem: då får leverantören din IP-adress och "
        "uppgifter om din webbläsare, och tjänsten kan sätta egna kakor."
    ),
    "description_en": (
        "Videos and maps from other services, such as YouTube, embedded in the pages. They "
        "load only once you accept them: loading sends your IP address and browser details to "
        "the provider, whose service may set cookies of its own."
    ),
    "is_required": False,
    "is_deletable": True,
    "ordering": 20,
}

GOOGLE_DESTINATION = {
    "data_destination": (
        "Google Ireland Limited (Irlanti). Tietoja voidaan käsitellä myös Yhdysvalloissa, "
        "missä Google LLC on sitoutunut EU:n ja Yhdysvaltojen väliseen tietosuojakehykseen "
        "(Data Privacy Framework)."
    ),
    "data_destination_sv": (
        "Google Ireland Limited (Irland). Uppgifterna kan också behandlas i USA, där Google LLC "
        "deltar i dataskyddsramen mellan EU och USA (Data Privacy Framework)."
    ),
    "data_destination_en": (
        "Google Ireland Limited (Ireland). Data may also be processed in the USA, where Google "
        "LLC takes part in the EU–US Data Privacy Framework."
    ),
    "transferred_outside_eea": True,
}

PROVIDERS = [
    {
        "name": "YouTube",
        "company": "Google Ireland Limited",
        # Embeds load from youtube-nocookie.com, YouTube's privacy-enhanced mode.
        "hosts": "youtube.com\nyoutu.be\nyoutube-nocookie.com",
        "privacy_policy_url": "https://policies.google.com/privacy",
        "ordering": 0,
        **GOOGLE_DESTINATION,
    },
    {
        "name": "Vimeo",
        "company": "Vimeo.com, Inc.",
        "hosts": "vimeo.com",
        "privacy_policy_url": "https://vimeo.com/privacy",
        "data_destination": (
            "Vimeo.com, Inc. (Yhdysvallat). Videot ladataan Vimeon seurannan estävällä "
            "asetuksella, jolloin soitin ei aseta evästeitä."
        ),
        "data_destination_sv": (
            "Vimeo.com, Inc. (USA). Videorna läses in med Vimeos inställning mot spårning, "
            "så spelaren sätter inga kakor."
        ),
        "data_destination_en": (
            "Vimeo.com, Inc. (USA). Videos load with Vimeo's do-not-track setting, under which "
            "the player sets no cookies."
        ),
        "transferred_outside_eea": True,
        "ordering": 10,
    },
    {
        "name": "Google Maps",
        "company": "Google Ireland Limited",
        "hosts": "www.google.com/maps\nmaps.google.com",
        "privacy_policy_url": "https://policies.google.com/privacy",
        "ordering": 20,
        **GOOGLE_DESTINATION,
    },
]

GOOGLE = "Google Ireland Limited / Google LLC"
COOKIES = [
    {
        "name": "YSC",
        "domain": ".youtube.com",
        "provider": f"{GOOGLE} (YouTube)",
        "description": "YouTube erottaa katselukerrat toisistaan ja torjuu väärinkäyttöä.",
        "purpose_sv": "YouTube skiljer visningar åt och motverkar missbruk.",
        "purpose_en": "YouTube tells viewing sessions apart and counters abuse.",
        "duration_unit": "session",
    },
    {
        "name": "VISITOR_INFO1_LIVE",
        "domain": ".youtube.com",
        "provider": f"{GOOGLE} (YouTube)",
        "description": "YouTube arvioi yhteytesi nopeuden ja muistaa soittimen asetukset.",
        "purpose_sv": "YouTube uppskattar din anslutnings hastighet och minns spelarens inställningar.",
        "purpose_en": "YouTube estimates your connection's speed and remembers player settings.",
        "duration_value": 6,
        "duration_unit": "months",
    },
    {
        "name": "VISITOR_PRIVACY_METADATA",
        "domain": ".youtube.com",
        "provider": f"{GOOGLE} (YouTube)",
        "description": "YouTube muistaa evästeitä koskevat valintasi omassa palvelussaan.",
        "purpose_sv": "YouTube minns dina kakval i sin egen tjänst.",
        "purpose_en": "YouTube remembers your cookie choices in its own service.",
        "duration_value": 6,
        "duration_unit": "months",
    },
    {
        "name": "yt-remote-device-id",
        "domain": "www.youtube-nocookie.com",
        "storage": "local",
        "provider": f"{GOOGLE} (YouTube)",
        "description": "YouTube-soitin tunnistaa laitteen, jos toistat videon televisiossa.",
        "purpose_sv": "YouTube-spelaren känner igen enheten om du spelar upp videon på en tv.",
        "purpose_en": "The YouTube player recognises the device if you cast the video to a TV.",
        "duration_unit": "persistent",
    },
    {
        "name": "yt-player-bandwidth",
        "domain": "www.youtube-nocookie.com",
        "storage": "local",
        "provider": f"{GOOGLE} (YouTube)",
        "description": "YouTube-soitin muistaa yhteyden nopeuden videon laadun valitsemiseksi.",
        "purpose_sv": "YouTube-spelaren minns anslutningens hastighet för att välja videokvalitet.",
        "purpose_en": "The YouTube player remembers the connection's speed to choose the quality.",
        "duration_unit": "persistent",
    },
    {
        "name": "yt-remote-session-name",
        "domain": "www.youtube-nocookie.com",
        "storage": "session",
        "provider": f"{GOOGLE} (YouTube)",
        "description": "YouTube-soitin muistaa toistolaitteen nimen käyntikerran ajan.",
        "purpose_sv": "YouTube-spelaren minns uppspelningsenhetens namn under besöket.",
        "purpose_en": "The YouTube player remembers the casting device's name for the visit.",
        "duration_unit": "session",
    },
    {
        "name": "NID",
        "domain": ".google.com",
        "provider": f"{GOOGLE} (Google Maps)",
        "description": "Google muistaa kartan asetukset ja torjuu väärinkäyttöä.",
        "purpose_sv": "Google minns kartans inställningar och motverkar missbruk.",
        "purpose_en": "Google remembers map settings and counters abuse.",
        "duration_value": 6,
        "duration_unit": "months",
    },
]


def install(apps, schema_editor):
    CookieGroup = apps.get_model("cookie_consent", "CookieGroup")
    DeclaredCookieGroup = apps.get_model("seloste_cookies", "DeclaredCookieGroup")
    DeclaredCookie = apps.get_model("seloste_cookies", "DeclaredCookie")
    ExternalMediaProvider = apps.get_model("seloste_cookies", "ExternalMediaProvider")
    existing = CookieGroup.objects.filter(varname=GROUP["varname"]).first()
    if existing is not None:
        group = existing  # a host site that declared it already keeps its own cookies
    else:
        group = DeclaredCookieGroup.objects.create(**GROUP)
        for cookie in COOKIES:
            DeclaredCookie.objects.create(
                cookiegroup=group, is_third_party=True, transferred_outside_eea=True, **cookie
            )
    for provider in PROVIDERS:
        if not ExternalMediaProvider.objects.filter(name=provider["name"]).exists():
            ExternalMediaProvider.objects.create(cookie_group_id=group.pk, **provider)


def uninstall(apps, schema_editor):
    CookieGroup = apps.get_model("cookie_consent", "CookieGroup")
    ExternalMediaProvider = apps.get_model("seloste_cookies", "ExternalMediaProvider")
    ExternalMediaProvider.objects.filter(name__in=[p["name"] for p in PROVIDERS]).delete()
    CookieGroup.objects.filter(
        varname=GROUP["varname"], media_providers__isnull=True, name=GROUP["name"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_cookies", "0006_declared_storage_and_external_media"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
