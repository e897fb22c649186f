"""The declarations `manage.py prepare_seloste` installs: the necessary cookies, Google Analytics 4
and external media (embedded videos and maps) with their providers.

Each reader-facing text is given in Finnish, Swedish and English. The site's default language
goes into the library's own fields (CookieGroup.name, Cookie.description …), the others into
the declarations' translations; a language with no text here shows the default language's.
"""

GROUPS = [
    {
        "varname": "necessary",
        "name": {"fi": "Välttämättömät", "sv": "Nödvändiga", "en": "Necessary"},
        "description": {
            "fi": "Nämä evästeet pitävät sivuston toiminnassa ja muistavat "
            "evästevalintasi. Ne eivät seuraa sinua, eikä niihin kysytä "
            "suostumusta.",
            "sv": "De här kakorna håller webbplatsen igång och kommer ihåg dina kakval. "
            "De spårar dig inte och kräver inget samtycke.",
            "en": "These cookies keep the site working and remember your cookie "
            "choices. They do not track you and need no consent.",
        },
        "is_required": True,
        "is_deletable": False,
        "ordering": 0,
        "cookies": [
            {
                "name": "sessionid",
                "purpose": {
                    "fi": "Pitää sinut kirjautuneena, jos kirjaudut sivuston ylläpitoon.",
                    "sv": "Håller dig inloggad om du loggar in i webbplatsens administration.",
                    "en": "Keeps you signed in if you sign in to the site's administration.",
                },
                "duration_value": 14,
                "duration_unit": "days",
                "provider": "",
            },
            {
                "name": "csrftoken",
                "purpose": {
                    "fi": "Suojaa lomakkeita väärennetyiltä lähetyksiltä.",
                    "sv": "Skyddar formulär mot förfalskade inskickningar.",
                    "en": "Protects forms against forged submissions.",
                },
                "duration_value": 1,
                "duration_unit": "years",
                "provider": "",
            },
            {
                "name": "cookie_consent",
                "purpose": {
                    "fi": "Muistaa evästevalintasi ja satunnaisen suostumustunnisteen, "
                    "jolla valinnan voi todentaa.",
                    "sv": "Kommer ihåg dina kakval och ett slumpmässigt samtyckes-id "
                    "som valet kan styrkas med.",
                    "en": "Remembers your cookie choices and a random consent id with "
                    "which your choice can be verified.",
                },
                "duration_value": 1,
                "duration_unit": "years",
                "provider": "",
            },
        ],
    },
    {
        "varname": "analytics",
        "name": {"fi": "Analytiikka", "sv": "Analys", "en": "Analytics"},
        "description": {
            "fi": "Google Analytics 4 kertoo meille, miten sivustoa käytetään, jotta "
            "voimme parantaa sitä. Käytössä vain, jos hyväksyt sen.",
            "sv": "Google Analytics 4 visar oss hur webbplatsen används så att vi kan "
            "förbättra den. Används bara om du godkänner det.",
            "en": "Google Analytics 4 shows us how the site is used so that we can "
            "improve it. Used only if you accept it.",
        },
        "is_required": False,
        "is_deletable": True,
        "ordering": 10,
        "cookies": [
            {
                "name": "_ga",
                "purpose": {
                    "fi": "Erottaa selaimet toisistaan kävijämäärien laskemiseksi.",
                    "sv": "Skiljer webbläsare åt för att räkna besökare.",
                    "en": "Tells browsers apart to count visitors.",
                },
                "duration_value": 2,
                "duration_unit": "years",
                "provider": "Google Ireland Limited / Google LLC",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
            {
                "name": "_ga_<container-id>",
                "purpose": {
                    "fi": "Säilyttää käyntikerran tilan, kuten sivulatausten määrän.",
                    "sv": "Sparar besökets tillstånd, till exempel antalet sidvisningar.",
                    "en": "Keeps the state of a visit, such as the number of page views.",
                },
                "duration_value": 2,
                "duration_unit": "years",
                "provider": "Google Ireland Limited / Google LLC",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
        ],
    },
    {
        "varname": "external_media",
        "name": {"fi": "Ulkoinen media", "sv": "Externa medier", "en": "External media"},
        "description": {
            "fi": "Sivuille upotetut videot ja kartat muista palveluista, kuten "
            "YouTubesta. Ne ladataan vasta, kun hyväksyt ne: lataaminen lähettää "
            "palveluntarjoajalle IP-osoitteesi ja selaimesi tietoja, ja palvelu "
            "voi asettaa omia evästeitään.",
            "sv": "Videor och kartor från andra tjänster, till exempel YouTube, "
            "inbäddade på sidorna. De läses in först när du godkänner dem: då får "
            "leverantören din IP-adress och uppgifter om din webbläsare, och "
            "tjänsten kan sätta egna kakor.",
            "en": "Videos and maps from other services, such as YouTube, embedded in "
            "the pages. They load only once you accept them: loading sends your "
            "IP address and browser details to the provider, whose service may "
            "set cookies of its own.",
        },
        "is_required": False,
        "is_deletable": True,
        "ordering": 20,
        "cookies": [
            {
                "name": "YSC",
                "purpose": {
                    "fi": "YouTube erottaa katselukerrat toisistaan ja torjuu väärinkäyttöä.",
                    "sv": "YouTube skiljer visningar åt och motverkar missbruk.",
                    "en": "YouTube tells viewing sessions apart and counters abuse.",
                },
                "domain": ".youtube.com",
                "provider": "Google Ireland Limited / Google LLC (YouTube)",
                "duration_unit": "session",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
            {
                "name": "VISITOR_INFO1_LIVE",
                "purpose": {
                    "fi": "YouTube arvioi yhteytesi nopeuden ja muistaa soittimen asetukset.",
                    "sv": "YouTube uppskattar din anslutnings hastighet och minns "
                    "spelarens inställningar.",
                    "en": "YouTube estimates your connection's speed and remembers "
                    "player settings.",
                },
                "domain": ".youtube.com",
                "provider": "Google Ireland Limited / Google LLC (YouTube)",
                "duration_value": 6,
                "duration_unit": "months",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
            {
                "name": "VISITOR_PRIVACY_METADATA",
                "purpose": {
                    "fi": "YouTube muistaa evästeitä koskevat valintasi omassa palvelussaan.",
                    "sv": "YouTube minns dina kakval i sin egen tjänst.",
                    "en": "YouTube remembers your cookie choices in its own service.",
                },
                "domain": ".youtube.com",
                "provider": "Google Ireland Limited / Google LLC (YouTube)",
                "duration_value": 6,
                "duration_unit": "months",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
            {
                "name": "yt-remote-device-id",
                "purpose": {
                    "fi": "YouTube-soitin tunnistaa laitteen, jos toistat videon televisiossa.",
                    "sv": "YouTube-spelaren känner igen enheten om du spelar upp videon på en tv.",
                    "en": "The YouTube player recognises the device if you cast the video to a TV.",
                },
                "domain": "www.youtube-nocookie.com",
                "storage": "local",
                "provider": "Google Ireland Limited / Google LLC (YouTube)",
                "duration_unit": "persistent",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
            {
                "name": "yt-player-bandwidth",
                "purpose": {
                    "fi": "YouTube-soitin muistaa yhteyden nopeuden videon laadun valitsemiseksi.",
                    "sv": "YouTube-spelaren minns anslutningens hastighet för att "
                    "välja videokvalitet.",
                    "en": "The YouTube player remembers the connection's speed to "
                    "choose the quality.",
                },
                "domain": "www.youtube-nocookie.com",
                "storage": "local",
                "provider": "Google Ireland Limited / Google LLC (YouTube)",
                "duration_unit": "persistent",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
            {
                "name": "yt-remote-session-name",
                "purpose": {
                    "fi": "YouTube-soitin muistaa toistolaitteen nimen käyntikerran ajan.",
                    "sv": "YouTube-spelaren minns uppspelningsenhetens namn under besöket.",
                    "en": "The YouTube player remembers the casting device's name for the visit.",
                },
                "domain": "www.youtube-nocookie.com",
                "storage": "session",
                "provider": "Google Ireland Limited / Google LLC (YouTube)",
                "duration_unit": "session",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
            {
                "name": "NID",
                "purpose": {
                    "fi": "Google muistaa kartan asetukset ja torjuu väärinkäyttöä.",
                    "sv": "Google minns kartans inställningar och motverkar missbruk.",
                    "en": "Google remembers map settings and counters abuse.",
                },
                "domain": ".google.com",
                "provider": "Google Ireland Limited / Google LLC (Google Maps)",
                "duration_value": 6,
                "duration_unit": "months",
                "is_third_party": True,
                "transferred_outside_eea": True,
            },
        ],
    },
]

PROVIDERS = [
    {
        "name": "YouTube",
        "cookie_group": "external_media",
        "company": "Google Ireland Limited",
        "hosts": "youtube.com\nyoutu.be\nyoutube-nocookie.com",
        "privacy_policy_url": "https://policies.google.com/privacy",
        "ordering": 0,
        "transferred_outside_eea": True,
        "data_destination": {
            "fi": "Google Ireland Limited (Irlanti). Tietoja voidaan käsitellä "
            "myös Yhdysvalloissa, missä Google LLC on sitoutunut EU:n ja "
            "Yhdysvaltojen väliseen tietosuojakehykseen (Data Privacy "
            "Framework).",
            "sv": "Google Ireland Limited (Irland). Uppgifterna kan också "
            "behandlas i USA, där Google LLC deltar i dataskyddsramen mellan "
            "EU och USA (Data Privacy Framework).",
            "en": "Google Ireland Limited (Ireland). Data may also be processed in "
            "the USA, where Google LLC takes part in the EU–US Data Privacy "
            "Framework.",
        },
    },
    {
        "name": "Vimeo",
        "cookie_group": "external_media",
        "company": "Vimeo.com, Inc.",
        "hosts": "vimeo.com",
        "privacy_policy_url": "https://vimeo.com/privacy",
        "transferred_outside_eea": True,
        "ordering": 10,
        "data_destination": {
            "fi": "Vimeo.com, Inc. (Yhdysvallat). Videot ladataan Vimeon seurannan "
            "estävällä asetuksella, jolloin soitin ei aseta evästeitä.",
            "sv": "Vimeo.com, Inc. (USA). Videorna läses in med Vimeos inställning "
            "mot spårning, så spelaren sätter inga kakor.",
            "en": "Vimeo.com, Inc. (USA). Videos load with Vimeo's do-not-track "
            "setting, under which the player sets no cookies.",
        },
    },
    {
        "name": "Google Maps",
        "cookie_group": "external_media",
        "company": "Google Ireland Limited",
        "hosts": "www.google.com/maps\nmaps.google.com",
        "privacy_policy_url": "https://policies.google.com/privacy",
        "ordering": 20,
        "transferred_outside_eea": True,
        "data_destination": {
            "fi": "Google Ireland Limited (Irlanti). Tietoja voidaan käsitellä "
            "myös Yhdysvalloissa, missä Google LLC on sitoutunut EU:n ja "
            "Yhdysvaltojen väliseen tietosuojakehykseen (Data Privacy "
            "Framework).",
            "sv": "Google Ireland Limited (Irland). Uppgifterna kan också "
            "behandlas i USA, där Google LLC deltar i dataskyddsramen mellan "
            "EU och USA (Data Privacy Framework).",
            "en": "Google Ireland Limited (Ireland). Data may also be processed in "
            "the USA, where Google LLC takes part in the EU–US Data Privacy "
            "Framework.",
        },
    },
]
