# ruff: noqa: E501 - hand-laid-out data tables read better than wrapped ones
"""Demo groups, their activities and local help in the demo towns, for `seed_demo`.

Fictional but plausible: names, contacts and addresses are made up. Phone numbers are from
Ofcom's ranges kept for drama (01632 960xxx, 07700 900xxx), emails use example.org, and
every street is an "Example" street, so nobody mistakes the demo for a real directory.
Meeting points are public places, never a private address.
"""

from dataclasses import dataclass, field

SAT, SUN, MON, TUE, WED, THU, FRI = 5, 6, 0, 1, 2, 3, 4


@dataclass(frozen=True)
class DemoActivity:
    title: str
    weekdays: tuple[int, ...]
    times: tuple[tuple[int, int], tuple[int, int]]  # (start h, m), (end h, m), Europe/London
    languages: tuple[str, ...]
    interests: tuple[str, ...]
    meeting_point: str
    description: str
    cost_pence: int = 0
    capacity: int | None = None
    # Flags of the Activity model: travel_reimbursed, food_provided, childcare, women_only,
    # family_friendly, step_free, prayer_space, no_need_to_talk, chat_enabled.
    flags: tuple[str, ...] = ()
    online: bool = False
    # How many generated newcomers join (more than the capacity: the rest wait).
    joiners: int = 0


@dataclass(frozen=True)
class DemoGroup:
    name: str
    kind: str
    town: str
    organiser: str  # username; made if missing (no profile: organisers need none)
    contact: str
    description: str
    activities: tuple[DemoActivity, ...] = field(default=())
    verified: bool = True  # False: still waiting for a coordinator's check


@dataclass(frozen=True)
class DemoLocalHelp:
    kind: str
    name: str
    description: str
    address: str
    contact: str
    opening_hours: str


# Organisers of the groups below, besides Dave: (username, first name).
DEMO_ORGANISERS = (
    ("ruth", "Ruth"), ("graham", "Graham"), ("shabana", "Shabana"), ("imran", "Imran"),
    ("eleri", "Eleri"), ("fiona", "Fiona"), ("gareth", "Gareth"), ("siobhan", "Siobhan"),
)  # fmt: skip

A = DemoActivity

DEMO_GROUPS: tuple[DemoGroup, ...] = (
    # --- Middlesbrough: Dave's groups (the organiser's demo login), then others -----------
    DemoGroup(
        "Middlesbrough Welcome FC", "sports", "Middlesbrough", "dave",
        "Just come along, or text Dave on 07700 900123",
        "A friendly club run by volunteers. Everyone is welcome, at any level.",
        (
            A("Saturday football", (SAT,), ((14, 0), (16, 0)), ("en", "ar", "ti"), ("football",),
              "Albert Park, by the café",
              "Friendly football for everyone. Boots provided. No need to talk about problems: "
              "just play.",
              capacity=30, flags=("no_need_to_talk", "family_friendly"), joiners=8),
        ),
    ),
    DemoGroup(
        "Teesside women's kitchen", "women", "Middlesbrough", "dave",
        "Ask for Ruth at the Methodist church hall, Thursdays",
        "A group for women to meet, cook and talk, in a safe and friendly place.",
        (
            A("Women's cooking group", (THU,), ((13, 0), (15, 0)), ("en", "ar", "ti"), ("cooking",),
              "Methodist church hall, Linthorpe Road",
              "We cook a meal together from a different country each week and eat it together. "
              "Children welcome; there is a crèche.",
              capacity=12,
              flags=("women_only", "food_provided", "childcare", "step_free", "chat_enabled"),
              joiners=4),
        ),
    ),
    DemoGroup(
        "Stoke Welcome Walks", "befriending", "Stoke-on-Trent", "dave",
        "welcomewalks@example.org",
        "Volunteers who walk and talk with people new to the area.",
        (
            A("Wednesday walk in Hanley Park", (WED,), ((10, 0), (12, 0)), ("en", "fa"), ("walking",),
              "Hanley Park, main gate",
              "An easy walk of about an hour, then tea. Bus fares paid back.",
              flags=("travel_reimbursed", "no_need_to_talk"), joiners=3),
            A("Women's walk and talk", (MON,), ((13, 30), (15, 0)), ("en", "ar", "ti", "so"),
              ("walking", "coffee-chat"), "Hanley Park, the pavilion café",
              "A gentle walk round the lake with other women, then tea at the café. For women new "
              "to Stoke; bring a friend. Bus fares paid back.",
              flags=("women_only", "travel_reimbursed", "no_need_to_talk"), joiners=3),
        ),
    ),
    DemoGroup(
        "Teesside Chess Club", "sports", "Middlesbrough", "dave", "chess@example.org",
        "A friendly club run by volunteers. Everyone is welcome, at any level.", verified=False,
    ),
    DemoGroup(
        "Teesside Conversation Café", "esol", "Middlesbrough", "ruth",
        "Drop in, or call 01632 960101",
        "Volunteers who help you practise everyday English over tea and biscuits. All levels.",
        (
            A("English conversation café", (TUE,), ((10, 0), (12, 0)), ("en", "ar", "ti", "fa"),
              ("english-practice", "coffee-chat"), "Central Library, ground floor meeting room",
              "Practise English in small tables with a volunteer. Tea, coffee and biscuits. "
              "Bring your questions about letters and forms too.",
              capacity=8, flags=("step_free", "food_provided", "travel_reimbursed"), joiners=10),
        ),
    ),
    DemoGroup(
        "Linthorpe Community Garden", "charity", "Middlesbrough", "ruth",
        "gardens@example.org",
        "A community garden where neighbours grow vegetables together and share the harvest.",
        (
            A("Growing together", (WED, SAT), ((10, 0), (13, 0)), ("en", "ar", "ku"),
              ("gardening", "nature", "volunteering"), "Linthorpe allotments, main gate",
              "Plant, water and harvest with us. Gloves and tools provided; take vegetables home. "
              "No experience needed.",
              flags=("family_friendly", "no_need_to_talk"), joiners=3),
        ),
    ),
    DemoGroup(
        "Middlesbrough Befriending Project", "befriending", "Middlesbrough", "ruth",
        "Call 07700 900201 (Monday to Friday)",
        "Trained volunteers meet people new to the town once a week for a chat and a walk.",
        (
            A("Tea and a chat", (THU,), ((14, 0), (16, 0)), ("en", "ti", "am", "ar"),
              ("coffee-chat", "walking"), "St Barnabas church hall, side door",
              "Meet a volunteer befriender over tea. Bus fares paid back on the day.",
              flags=("travel_reimbursed", "step_free", "no_need_to_talk"), joiners=4),
        ),
    ),
    # --- Stoke-on-Trent -------------------------------------------------------------------
    DemoGroup(
        "Potteries Sanctuary FC", "sports", "Stoke-on-Trent", "graham",
        "Just turn up, or text 07700 900301",
        "Football for people seeking sanctuary and local people, every week, all abilities.",
        (
            A("Saturday morning football", (SAT,), ((10, 0), (12, 0)), ("en", "ar", "ku", "fa"),
              ("football",), "Hanley Park, the five-a-side pitches",
              "Free five-a-side. Boots and shin pads provided, and a hot drink after. No need to "
              "talk about problems: just play.",
              capacity=10, flags=("no_need_to_talk", "travel_reimbursed"), joiners=12),
        ),
    ),
    DemoGroup(
        "Stoke Stitchers", "women", "Stoke-on-Trent", "graham",
        "Ask for Maureen at the Burslem library desk",
        "A sewing circle for women: mend, make and chat. Machines and fabric provided.",
        (
            A("Sewing circle", (MON,), ((10, 0), (12, 30)), ("en", "so", "ar", "ur"),
              ("sewing", "crafts", "womens-group"), "Burslem library, upstairs room",
              "Learn to use a sewing machine, mend clothes, or make something for your home. "
              "A crèche runs in the next room.",
              cost_pence=100, capacity=10, flags=("women_only", "childcare", "step_free"), joiners=6),
        ),
    ),
    DemoGroup(
        "Hanley Library", "public", "Stoke-on-Trent", "graham",
        "Ask at the library's front desk",
        "Your local library: free computers, books in many languages and English clubs.",
        (
            A("Library English club", (THU,), ((17, 30), (19, 0)), ("en", "fa", "ar"),
              ("english-practice", "reading"), "Hanley Library, the reading room",
              "Read a short story together in easy English and talk about it. Free; you can "
              "join the library on the day, no proof of address needed.",
              flags=("step_free",), joiners=3),
            A("Help with phones and computers", (TUE,), ((14, 0), (15, 30)), ("en", "ar", "ku"),
              ("computers",), "Hanley Library, computer corner",
              "Bring your phone: set up email, book a GP appointment online, use the bus app.",
              capacity=6, flags=("step_free",), joiners=2),
        ),
    ),
    DemoGroup(
        "Stoke Iranian and Afghan Cultural Circle", "faith", "Stoke-on-Trent", "graham",
        "persiancircle@example.org",
        "Poetry, music and food from Iran and Afghanistan, for everyone who loves them.",
        (
            A("Poetry and tea evening", (FRI,), ((18, 30), (20, 30)), ("fa", "prs", "ps", "en"),
              ("faith-culture", "music", "reading"), "Shelton community centre, main hall",
              "Read Hafez and Rumi, listen to music, drink tea. Bring a poem in any language.",
              flags=("food_provided", "family_friendly", "prayer_space"), joiners=4),
        ),
    ),
    # --- Wakefield ------------------------------------------------------------------------
    DemoGroup(
        "Wakefield Welcome Cricket", "sports", "Wakefield", "shabana",
        "Text 07700 900401",
        "Friendly cricket for beginners and old hands. Kit provided.",
        (
            A("Sunday cricket nets", (SUN,), ((10, 0), (12, 0)), ("en", "ps", "prs", "ur"),
              ("cricket",), "Thornes Park, by the pavilion",
              "Nets practice, then a short game. Bats, balls and pads provided. Free.",
              capacity=12, flags=("no_need_to_talk",), joiners=5),
        ),
    ),
    DemoGroup(
        "Wakefield Women's Kitchen", "women", "Wakefield", "shabana",
        "Call Shabana on 01632 960402",
        "Women from many countries cook and eat together, and children play nearby.",
        (
            A("Cook and eat together", (WED,), ((12, 0), (14, 30)), ("en", "ur", "ps", "ar"),
              ("cooking", "eating-together", "womens-group"), "Trinity church hall, kitchen entrance",
              "Cook a dish from someone's home country, then share the meal. Food provided; "
              "a volunteer looks after the children.",
              capacity=6, flags=("women_only", "food_provided", "childcare", "step_free"), joiners=8),
        ),
    ),
    DemoGroup(
        "Wakefield Walking Friends", "befriending", "Wakefield", "shabana",
        "walkingfriends@example.org",
        "Gentle walks and good company around Wakefield's parks.",
        (
            A("Friday walk and talk", (FRI,), ((10, 30), (12, 0)), ("en", "ps", "ku"),
              ("walking", "nature"), "Wakefield Westgate station, front entrance",
              "An easy walk of about 4 km, then tea. Bus fares paid back.",
              flags=("travel_reimbursed", "no_need_to_talk"), joiners=3),
        ),
    ),
    # --- Bradford -------------------------------------------------------------------------
    DemoGroup(
        "Bradford City of Sanctuary Football", "sports", "Bradford", "imran",
        "Just come along, or text 07700 900501",
        "Football every week for people seeking sanctuary, in partnership with local clubs.",
        (
            A("Saturday football", (SAT,), ((13, 0), (15, 0)), ("en", "ku", "ar", "ur"),
              ("football",), "Lister Park, the football pitches",
              "Friendly football, free. Boots provided. Stay for a hot drink afterwards.",
              capacity=20, flags=("no_need_to_talk", "travel_reimbursed"), joiners=6),
        ),
    ),
    DemoGroup(
        "Bradford Ukrainian Hub", "faith", "Bradford", "imran",
        "hub@example.org",
        "A meeting place for Ukrainians and friends: language, songs and support.",
        (
            A("Ukrainian Sunday club", (SUN,), ((14, 0), (17, 0)), ("uk", "ru", "en"),
              ("faith-culture", "singing", "parenting"), "St Peter's parish hall",
              "Songs, crafts for children, tea and cake, and help with forms. Families welcome.",
              flags=("family_friendly", "food_provided", "childcare"), joiners=4),
        ),
    ),
    DemoGroup(
        "Manningham Play Project", "charity", "Bradford", "imran",
        "Call 01632 960503",
        "Free play sessions for young children while parents meet and rest.",
        (
            A("Play and stay for families", (TUE, THU), ((9, 30), (11, 30)), ("en", "ur", "ar", "ku", "so"),
              ("parenting", "youth"), "Manningham children's centre",
              "Toys, songs and a snack for children under 5; tea for the grown-ups. Trained "
              "staff run a crèche so parents can join an English chat next door.",
              capacity=8, flags=("childcare", "family_friendly", "food_provided", "step_free"), joiners=10),
        ),
    ),
    DemoGroup(
        "Bradford Mosque Open Kitchen", "faith", "Bradford", "imran",
        "Ask at the mosque office",
        "A free hot meal on Friday evenings, for anyone, of any faith or none.",
        (
            A("Friday community meal", (FRI,), ((18, 0), (20, 0)), ("en", "ur", "ar", "ps"),
              ("eating-together", "faith-culture"), "Community centre next to the mosque",
              "A free hot meal and good company. Everyone welcome; a prayer room is available.",
              flags=("food_provided", "prayer_space", "family_friendly", "step_free"), joiners=5),
        ),
    ),
    # --- Cardiff --------------------------------------------------------------------------
    DemoGroup(
        "Cardiff Sanctuary Walks", "befriending", "Cardiff", "eleri",
        "walks@example.org",
        "Walks along the river and through the parks, with volunteers from the city.",
        (
            A("Bute Park walk", (SAT,), ((11, 0), (13, 0)), ("en", "ar", "so"),
              ("walking", "nature"), "Cardiff Castle, the main gate",
              "A gentle walk through Bute Park and along the Taff, then tea. Bus fares paid back.",
              flags=("travel_reimbursed", "no_need_to_talk"), joiners=4),
        ),
    ),
    DemoGroup(
        "Grangetown Sewing Circle", "women", "Cardiff", "eleri",
        "Call 01632 960601",
        "Women sew, mend and make together. Machines provided.",
        (
            A("Sewing and chat", (WED,), ((13, 0), (15, 0)), ("en", "ar", "so"),
              ("sewing", "crafts", "womens-group"), "Grangetown community hub",
              "Make clothes and gifts. £1 towards materials; a crèche for under-fives.",
              cost_pence=100, capacity=8, flags=("women_only", "childcare", "step_free"), joiners=5),
        ),
    ),
    DemoGroup(
        "Cardiff Central Library", "public", "Cardiff", "eleri",
        "Ask at the library's welcome desk",
        "Free computers, books in many languages, and English clubs for adults.",
        (
            A("English conversation club", (MON,), ((18, 0), (19, 30)), ("en", "ar"),
              ("english-practice",), "Central Library, 4th floor",
              "Talk in English about everyday things with a friendly volunteer. All levels.",
              capacity=12, flags=("step_free",), joiners=4),
        ),
    ),
    DemoGroup(
        "Splott Community Allotment", "charity", "Cardiff", "eleri",
        "grow@example.org",
        "An allotment shared by neighbours: grow food, learn, and take some home.",
        (
            A("Allotment mornings", (THU,), ((10, 0), (12, 0)), ("en", "ar", "ti"),
              ("gardening", "nature"), "Splott allotments, top gate",
              "Dig, plant and harvest. Tools, gloves and tea provided.",
              flags=("no_need_to_talk", "family_friendly"), joiners=2),
        ),
    ),
    # --- Glasgow --------------------------------------------------------------------------
    DemoGroup(
        "Glasgow Unity FC", "sports", "Glasgow", "fiona",
        "Text 07700 900701",
        "Free football for asylum seekers and refugees across Glasgow, since 2010.",
        (
            A("Sunday football", (SUN,), ((12, 0), (14, 0)), ("en", "ar", "ku", "fa", "ti"),
              ("football",), "Glasgow Green, by the football pitches",
              "Friendly football. Boots provided. Bus fares paid back. No need to talk about "
              "problems: just play.",
              capacity=12, flags=("travel_reimbursed", "no_need_to_talk"), joiners=14),
        ),
    ),
    DemoGroup(
        "Govan Conversation Café", "esol", "Glasgow", "fiona",
        "cafe@example.org",
        "Practise English and meet people, in person and online.",
        (
            A("ESOL conversation café", (WED,), ((14, 0), (16, 0)), ("en", "ku", "ar", "fa"),
              ("english-practice", "coffee-chat"), "Govan community hall",
              "Talk in small groups with volunteers. Tea and soup provided.",
              flags=("food_provided", "step_free"), joiners=5),
            A("English conversation online", (MON, THU), ((19, 0), (20, 0)), ("en", "ar", "fa"),
              ("english-practice",), "",
              "Practise English from home, on a video call. A link is sent when you join.",
              online=True, capacity=10, joiners=3),
        ),
    ),
    DemoGroup(
        "Glasgow Kurdish Cultural Association", "faith", "Glasgow", "fiona",
        "Call 01632 960702",
        "Kurdish music, dance and celebrations, open to everyone.",
        (
            A("Kurdish music and dance night", (SAT,), ((18, 0), (21, 0)), ("ku", "en", "ar"),
              ("music", "dance", "faith-culture"), "Pollokshields community centre",
              "Live music, dance and food. £2 on the door; children free.",
              cost_pence=200, flags=("food_provided", "family_friendly"), joiners=4),
        ),
    ),
    DemoGroup(
        "Maryhill Befrienders", "befriending", "Glasgow", "fiona",
        "Call 07700 900703 (weekdays)",
        "A volunteer befriender meets you every week for six months: a walk, a coffee, a chat.",
        (
            A("Befriending coffee morning", (TUE,), ((10, 30), (12, 0)), ("en", "ar", "ti", "ku"),
              ("coffee-chat",), "Maryhill library, café corner",
              "Meet the befrienders and other newcomers over coffee. Travel costs paid back.",
              flags=("travel_reimbursed", "step_free", "no_need_to_talk"), joiners=3),
        ),
    ),
    # --- Swansea --------------------------------------------------------------------------
    DemoGroup(
        "Swansea Sanctuary Swimmers", "sports", "Swansea", "gareth",
        "swim@example.org",
        "Swimming and sea walks for people new to Swansea.",
        (
            A("Women's swimming session", (SUN,), ((9, 0), (10, 0)), ("en", "ar", "fa"),
              ("swimming", "womens-group"), "LC leisure centre, reception",
              "A private women-only session with a female lifeguard. £1, swimwear can be lent.",
              cost_pence=100, capacity=8, flags=("women_only", "step_free"), joiners=3),
        ),
    ),
    DemoGroup(
        "Swansea Welcome Garden", "charity", "Swansea", "gareth",
        "Call 01632 960801",
        "A garden by the sea where people grow food and flowers together.",
        (
            A("Gardening and lunch", (FRI,), ((11, 0), (14, 0)), ("en", "ar", "ku"),
              ("gardening", "eating-together"), "Singleton Park, the walled garden",
              "Garden in the morning, then a shared lunch from what we grow. Bus fares paid back.",
              flags=("food_provided", "travel_reimbursed", "no_need_to_talk"), joiners=3),
        ),
    ),
    DemoGroup(
        "Swansea Chess and Games Club", "public", "Swansea", "gareth",
        "Ask at the library desk",
        "Chess, backgammon and board games: no language needed.",
        (
            A("Games evening", (TUE,), ((17, 0), (19, 0)), ("en", "ar", "fa", "ku"),
              ("chess-games",), "Swansea Central Library, ground floor",
              "Play chess, backgammon or cards. Beginners taught. Free, with tea.",
              flags=("step_free", "no_need_to_talk"), joiners=2),
        ),
    ),
    # --- Belfast --------------------------------------------------------------------------
    DemoGroup(
        "Belfast Welcome Walks", "befriending", "Belfast", "siobhan",
        "walks.belfast@example.org",
        "Walks through Belfast's parks with local volunteers, and a cup of tea after.",
        (
            A("Botanic Gardens walk", (SAT,), ((10, 30), (12, 0)), ("en", "ar", "am", "ti"),
              ("walking", "nature"), "Botanic Gardens, main gate",
              "An easy walk, then tea in the Palm House café. Bus fares paid back.",
              flags=("travel_reimbursed", "no_need_to_talk", "family_friendly"), joiners=3),
        ),
    ),
    DemoGroup(
        "Belfast Multi-Cultural Kitchen", "charity", "Belfast", "siobhan",
        "Call 01632 960901",
        "Cook, eat and share recipes from around the world.",
        (
            A("Community supper", (THU,), ((17, 30), (19, 30)), ("en", "ar", "am", "so"),
              ("cooking", "eating-together"), "St George's market hall, back room",
              "Help cook or just come to eat: a free hot supper for everyone.",
              capacity=5, flags=("food_provided", "family_friendly", "step_free"), joiners=7),
        ),
    ),
    DemoGroup(
        "Belfast ESOL Network", "esol", "Belfast", "siobhan",
        "esol@example.org",
        "Free English conversation for adults, with help finding a college course.",
        (
            A("English for everyday life", (MON, WED), ((10, 0), (12, 0)), ("en", "ar", "am"),
              ("english-practice", "study"), "Belfast Central Library, room 2",
              "Small friendly groups; practise English for shops, doctors and buses. "
              "£3 a month towards the room, or free if you cannot pay.",
              cost_pence=300, capacity=15, flags=("step_free",), joiners=4),
        ),
    ),
)  # fmt: skip


def _help(town: str, *entries: tuple[str, str, str, str, str, str]) -> tuple[str, tuple]:
    return town, tuple(DemoLocalHelp(*entry) for entry in entries)


# Local help coordinators add for each demo town: (kind, name, what it offers, address,
# contact, opening hours).
DEMO_LOCAL_HELP: dict[str, tuple[DemoLocalHelp, ...]] = dict(
    (
        _help(
            "Middlesbrough",
            (
                "gp",
                "Riverside Medical Practice",
                "Registers newcomers without proof of address or immigration status; interpreters on request.",
                "12 Example Road, Middlesbrough",
                "01632 960111",
                "Mon–Fri 8 am–6 pm",
            ),
            (
                "food",
                "Teesside Community Food Bank",
                "Free food parcels; no referral needed on Fridays.",
                "3 Example Street, Middlesbrough",
                "01632 960112",
                "Tue and Fri 10 am–1 pm",
            ),
            (
                "dropin",
                "Open Door Drop-in",
                "Tea, advice on letters and forms, and a warm room.",
                "The Old Chapel, Example Lane, Middlesbrough",
                "01632 960113",
                "Mon, Wed, Thu 10 am–3 pm",
            ),
            (
                "english",
                "Middlesbrough College ESOL",
                "Free English classes for people seeking asylum; enrol any Monday.",
                "Example Campus, Middlesbrough",
                "esol.mbro@example.org",
                "Mon 9:30 am–12 pm (enrolment)",
            ),
        ),
        _help(
            "Stoke-on-Trent",
            (
                "gp",
                "Hanley Health Centre",
                "Welcomes newcomers: no proof of address needed to register.",
                "40 Example Road, Hanley",
                "01632 960211",
                "Mon–Fri 8 am–6:30 pm",
            ),
            (
                "food",
                "Potteries Food Bank",
                "Food parcels and toiletries, with or without a voucher.",
                "7 Example Street, Stoke-on-Trent",
                "01632 960212",
                "Mon, Wed, Fri 11 am–2 pm",
            ),
            (
                "advice",
                "Stoke Asylum Advice Point",
                "Free help with housing, support payments and letters.",
                "Unit 2, Example Court, Stoke-on-Trent",
                "advice.stoke@example.org",
                "Tue and Thu 10 am–4 pm",
            ),
        ),
        _help(
            "Wakefield",
            (
                "gp",
                "Westgate Surgery",
                "Registers everyone living nearby; interpreter on request.",
                "21 Example Road, Wakefield",
                "01632 960311",
                "Mon–Fri 8 am–6 pm",
            ),
            (
                "dropin",
                "Wakefield Sanctuary Drop-in",
                "Clothes, tea, advice and English practice.",
                "Example Church Hall, Wakefield",
                "01632 960312",
                "Wed 11 am–3 pm",
            ),
            (
                "food",
                "Wakefield Free Meals",
                "A hot lunch, free, no questions asked.",
                "9 Example Street, Wakefield",
                "01632 960313",
                "Mon–Sat 12–1:30 pm",
            ),
        ),
        _help(
            "Bradford",
            (
                "gp",
                "Manningham Medical Centre",
                "Welcomes refugees and people seeking asylum; many languages spoken.",
                "5 Example Road, Bradford",
                "01632 960411",
                "Mon–Fri 8 am–6:30 pm",
            ),
            (
                "food",
                "Bradford Central Food Bank",
                "Food parcels and baby supplies.",
                "18 Example Street, Bradford",
                "01632 960412",
                "Tue, Thu, Sat 10 am–1 pm",
            ),
            (
                "english",
                "Bradford ESOL Hub",
                "Finds you a free English class that suits your level.",
                "Example House, Bradford",
                "esol.bradford@example.org",
                "Mon–Thu 9 am–4 pm",
            ),
            (
                "dropin",
                "Sanctuary Welcome Centre",
                "A warm welcome, advice, clothes and a free lunch.",
                "2 Example Lane, Bradford",
                "01632 960414",
                "Mon and Thu 10 am–2 pm",
            ),
        ),
        _help(
            "Cardiff",
            (
                "gp",
                "Cardiff Health Access Practice",
                "For people seeking asylum and new arrivals; interpreters always available.",
                "30 Example Road, Cardiff",
                "01632 960511",
                "Mon–Fri 9 am–5 pm",
            ),
            (
                "dropin",
                "Grangetown Welcome Drop-in",
                "Advice, clothes, tea and a friendly chat.",
                "Example Community Hall, Cardiff",
                "01632 960512",
                "Tue 10 am–2 pm",
            ),
            (
                "food",
                "Cardiff Food Bank (Splott)",
                "Emergency food; bring a voucher or ask us for one.",
                "11 Example Street, Cardiff",
                "01632 960513",
                "Mon, Wed, Fri 10 am–12 pm",
            ),
        ),
        _help(
            "Glasgow",
            (
                "gp",
                "Govan Health Centre",
                "Registers everyone; free interpreters on request.",
                "8 Example Road, Glasgow",
                "01632 960611",
                "Mon–Fri 8 am–6 pm",
            ),
            (
                "advice",
                "Glasgow Refugee Advice Drop-in",
                "Help with asylum support, housing and letters.",
                "Example Building, Glasgow",
                "advice.glasgow@example.org",
                "Mon–Thu 10 am–3 pm",
            ),
            (
                "food",
                "Southside Food Larder",
                "Food and toiletries for £2 a bag, or free if you cannot pay.",
                "4 Example Street, Glasgow",
                "01632 960613",
                "Wed and Sat 11 am–2 pm",
            ),
            (
                "english",
                "Glasgow ESOL Access",
                "Free English classes in colleges and community centres.",
                "Example College, Glasgow",
                "01632 960614",
                "Mon–Fri 9 am–5 pm",
            ),
        ),
        _help(
            "Swansea",
            (
                "gp",
                "Sanctuary Health Practice Swansea",
                "Welcomes people seeking asylum; no proof of address needed.",
                "6 Example Road, Swansea",
                "01632 960711",
                "Mon–Fri 8:30 am–6 pm",
            ),
            (
                "dropin",
                "Swansea Welcome Drop-in",
                "Tea, clothes bank, advice and games.",
                "Example Chapel, Swansea",
                "01632 960712",
                "Mon and Fri 10 am–1 pm",
            ),
        ),
        _help(
            "Belfast",
            (
                "gp",
                "Botanic Avenue Surgery",
                "Registers newcomers; interpreters on request.",
                "22 Example Avenue, Belfast",
                "01632 960811",
                "Mon–Fri 8:30 am–6 pm",
            ),
            (
                "food",
                "Belfast Community Pantry",
                "Food and household items; no referral needed.",
                "13 Example Street, Belfast",
                "01632 960812",
                "Tue and Thu 12–3 pm",
            ),
            (
                "english",
                "Belfast ESOL Drop-in",
                "Free English classes and help choosing a course.",
                "Example Hall, Belfast",
                "esol.belfast@example.org",
                "Wed 10 am–12 pm",
            ),
        ),
    )
)
