"""Word lists for rule-based entity extraction (data, not logic)."""

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

# Frequent words that start sentences or headlines capitalised but never name anything on their own.
COMMON = set("""
a about above according across after afterwards again against ago ahead all almost alone along already also although
always among amongst an and another any anyone anything are around as at away back be because been before being below
besides between both but by can cannot could despite did do does doing done down during each earlier either else
even ever every everyone everything except few first following for former from further had has have having he her
here hers herself him himself his how however if in including inside instead into is it its itself just last later
latest least less like many may meanwhile might more moreover most much must my neither never nevertheless new next
no none nor not nothing now of off often on once one only or other others otherwise our out over own per perhaps
rather recently same several she should since so some someone something sometimes soon still such than that the
their them themselves then there therefore these they this those though through throughout thus to today together
tomorrow too toward towards under unless until up upon us very via was we well were what whatever when whenever
where whereas whether which while who whoever whole whom whose why will with within without would yet yesterday you
your yours
said says say told tells asked added announced reported according officials official sources source reports report
police government president minister ministers prime chief leader leaders spokesman spokeswoman spokesperson
authorities analysts experts residents people citizens troops forces army soldiers rebels protesters voters members
company companies shares share stocks market markets prices price oil gas trade bank banks talks deal agreement
state states city country countries region province district capital north south east west northern southern eastern
western central national international federal local public private world global european american british russian
ukrainian chinese french german japanese indian african asian western
breaking update updated exclusive analysis opinion editorial comment interview photo video live watch read more
top news latest week weeks month months year years day days hour hours time times morning evening night
mr mrs ms dr sir lord lady st saint member members official presidents
however meanwhile moreover furthermore nonetheless separately elsewhere overall instead still yet also
in-depth full-scale so-called
unlike like amid amidst beyond near despite throughout regarding concerning following during whereas once
what's here's there's it's that's let's
""".split()) | WEEKDAYS | MONTHS

TITLE_CUES = {"President", "Mr", "Mrs", "Ms", "Dr", "Minister", "Chancellor", "Premier", "Senator", "Sen",
              "Governor", "Gov", "General", "Gen", "Secretary", "King", "Queen", "Prince", "Princess", "Judge",
              "Justice", "Ambassador", "Mayor", "Pope", "Representative", "Rep", "Chairman", "Chairwoman", "Director",
              "Professor", "Prof", "Sir", "Lord", "Lady", "Dame", "Colonel", "Col", "Commissioner", "Speaker",
              "Lieutenant", "Lt", "Captain", "Capt", "Sergeant", "Sgt", "Admiral", "Adm", "Marshal", "Bishop",
              "Archbishop", "Cardinal", "Rabbi", "Imam", "Sheikh", "Emir", "Sultan", "Councillor", "Councilman",
              "Congressman", "Congresswoman", "CEO", "Spokesman", "Spokeswoman", "Leader", "Candidate", "Coach",
              "Officer", "Detective", "Inspector", "Superintendent", "Constable", "Agent", "Prosecutor", "Attorney",
              "Lawyer", "Dr.", "MP", "MEP"}
# Role nouns after a comma that mark the name before them as a person: "Orysia Lutsevych, a research fellow".
ROLE_WORDS = {"fellow", "analyst", "professor", "researcher", "spokesman", "spokeswoman", "spokesperson", "director",
              "minister", "president", "chairman", "chairwoman", "chief", "executive", "leader", "member", "head",
              "lawyer", "attorney", "judge", "senator", "governor", "mayor", "official", "officer", "economist",
              "expert", "author", "journalist", "reporter", "editor", "founder", "ceo", "candidate", "activist",
              "scientist", "doctor", "historian", "commander", "general", "secretary", "adviser", "advisor",
              "ambassador", "manager", "partner", "student", "teacher", "resident", "player", "coach", "actor",
              "actress", "singer", "writer", "politician", "lawmaker", "legislator", "diplomat", "negotiator",
              "son", "daughter", "wife", "husband", "mother", "father", "brother", "sister", "former", "deputy",
              "vice", "prime", "foreign", "who", "aged", "spokesman,"}
# Role nouns written in lower case before a name that make it a person's ("spokesperson Zabiullah Mujahid",
# "mayor Muriel Bowser", "composer Mozart"), or a few words after it (", a US peace envoy"). Not the roles
# that also stand before a firm or a body ("official", "manager", "chairman", "president", "leader")
ROLE_NOUNS = {"spokesperson", "spokesman", "spokeswoman", "mayor", "captain", "composer", "assassin", "driver",
              "analyst", "economist", "strategist", "professor", "researcher", "scientist", "historian", "author",
              "writer", "novelist", "poet", "journalist", "reporter", "photographer", "photojournalist", "editor",
              "columnist", "producer", "filmmaker", "actor", "actress", "singer", "songwriter", "guitarist",
              "drummer", "bassist", "rapper", "musician", "comedian", "artist", "painter", "designer", "architect",
              "coach", "player", "striker", "goalkeeper", "midfielder", "defender", "quarterback", "pitcher",
              "cyclist", "swimmer", "teammate", "senator", "governor", "congressman", "congresswoman", "lawmaker",
              "legislator", "minister", "premier", "chancellor", "ambassador", "envoy", "diplomat", "commissioner",
              "founder", "co-founder", "ceo", "businessman",
              "businesswoman", "entrepreneur", "billionaire", "activist", "campaigner", "lawyer", "attorney",
              "judge", "prosecutor", "detective", "sergeant", "constable", "doctor", "surgeon", "nurse", "pilot",
              "co-pilot", "astronaut", "suspect", "victim", "widow", "wife", "husband", "son", "daughter", "father",
              "mother", "brother", "sister", "cousin", "uncle", "aunt", "nephew", "niece", "boyfriend",
              "girlfriend", "candidate", "nominee", "challenger", "incumbent", "host", "presenter", "anchor",
              "correspondent", "commentator", "teacher", "student", "priest", "pastor", "bishop", "cleric", "imam",
              "rabbi", "commander", "colonel", "lieutenant", "soldier", "veteran", "dictator", "aide", "curator",
              "astronomer", "physicist", "biologist", "chemist", "geologist", "archaeologist", "anthropologist",
              "epidemiologist", "virologist", "meteorologist", "psychologist", "sociologist", "zoologist",
              "botanist", "ecologist", "paleontologist", "herpetologist"}
# Words of a faith or a church that end no person's name ("Roman Catholic Pope Francis": "Roman" is a given name)
FAITH_WORDS = {"Catholic", "Catholics", "Protestant", "Orthodox", "Anglican", "Muslim", "Muslims", "Jewish",
               "Buddhist", "Hindu", "Sikh", "Sunni", "Shia", "Shiite", "Evangelical", "Baptist", "Methodist",
               "Lutheran", "Presbyterian", "Mormon"}
ORG_SUFFIXES = {"Institute", "Institution", "Bank", "Ministry", "Corp", "Corporation", "Inc", "Ltd", "Limited", "LLC",
                "Plc", "PLC", "Co", "Company", "Group", "Holdings", "Party", "Council", "Committee", "Commission",
                "Agency", "Association", "University", "College", "School", "Academy", "Organization", "Organisation",
                "Service", "Services", "Court", "Department", "Office", "Union", "Federation", "Army", "Navy",
                "Police", "Fund", "Foundation", "Society", "Club", "Airlines", "Airways", "Network", "Board",
                "Authority", "Assembly", "Parliament", "Congress", "Senate", "Bureau", "Trust", "Center", "Centre",
                "Hospital", "Industries", "Systems", "Technologies", "Motors", "Energy", "Petroleum", "Oil", "Railways",
                "Times", "Post", "News", "Journal", "Press", "Herald", "Guardian", "Telegraph", "Gazette", "Tribune",
                "Broadcasting", "Television", "Radio", "Media", "Church", "Brigade", "Front", "Movement", "Alliance",
                "Coalition", "Forces", "Guard", "Command", "Secretariat", "Cabinet", "Government", "Exchange",
                "Reserve", "Treasury", "Administration", "Council.", "Nations", "Mission", "Programme", "Program",
                "Laboratory", "Laboratories", "Labs", "Presse", "Agence", "Studios", "Records", "Team", "FC", "Agency.",
                "Chamber", "Tribunal", "Directorate", "Inspectorate", "Observatory", "Museum", "Library", "Commission.",
                "House", "Enterprises", "Partners", "Capital", "Securities", "Insurance", "Pharmaceuticals",
                "Democrats", "Republicans", "Prefecture", "Caucus", "Yuan", "MC", "TV", "Facility", "Prison", "Corps",
                "Express", "Force", "Centers", "Brothers", "Embassy", "Consulate", "Fame", "Patrol", "Archive",
                "Archives", "Clinic", "Bourse", "Tribe", "Tribes"}
# Last words of firms' and papers' names that end a name only ("Barry Citrus Products", "Florida Citrus Mutual",
# "Discover Magazine", "Asahi Shimbun", "China Daily"): a person's name never ends in one
ORG_ENDINGS = {"Products", "Mutual", "Magazine", "Shimbun", "Daily", "Bulletin"}
ORG_HEADS = {"Ministry", "Department", "University", "Bank", "Institute", "Council", "Court", "Commission",
             "Committee", "Agency", "Office", "Federation", "Association", "Organization", "Organisation", "Party",
             "Union", "Church", "Academy", "Board", "Bureau", "Centre", "Center", "Museum", "House", "Senate",
             "Parliament", "Assembly", "Army", "Navy", "Government", "National", "Federal", "Royal", "International",
             "European", "World", "United", "American", "British", "Supreme", "Central", "Democratic", "Republican",
             "Labour", "Conservative", "Liberal", "Socialist", "Communist", "Green", "Islamic", "Free", "Red",
             "Directorate", "Centers", "Voice", "Reporters", "Doctors", "Journal", "Bulletin"}
CONNECTORS = {"of", "for", "the", "and", "de", "del", "da", "do", "dos", "du", "des", "la", "le", "von", "van", "der",
              "den", "al", "el", "bin", "ibn", "&", "on", "y", "di"}
NAME_PARTICLES = {"de", "del", "da", "dos", "du", "la", "le", "von", "van", "der", "den", "al", "el", "bin", "ibn",
                  "di", "y", "ben", "abu"}

PLACE_SUFFIXES = {"Avenue", "Street", "Road", "Square", "Boulevard", "Bridge", "Park", "Airport", "Station", "Stadium",
                  "Lake", "River", "Mountain", "Mountains", "Island", "Islands", "Bay", "Valley", "Beach", "Highway",
                  "Sea", "Ocean", "Gulf", "Strait", "Peninsula", "Desert", "Canal", "Harbour", "Harbor", "County",
                  "Province", "Region", "Oblast", "Canyon", "Falls", "Coast", "Hills", "Forest", "Hemisphere",
                  "Parish", "Mall", "Cemetery",
                  # a house of worship, as the guidelines' buildings ("Jolo Cathedral"), an Indian reservation and a
                  # village: "Al Noor Mosque" was a person ("Temple" and "Abbey" are surnames: Shirley Temple)
                  "Mosque", "Cathedral", "Synagogue", "Shrine", "Basilica", "Reservation", "Village", "Hotel",
                  "Heights", "Point", "Plaza", "Gardens", "Township", "Borough"}
# Words a road's number follows: "Interstate 75", "Route 66", "Highway 1" are places (roads, as streets are)
ROADS = frozenset({"Interstate", "Route", "Highway", "Motorway", "Freeway"})
# Words that open a place's name before "of" or a name: "the Gulf of Mexico", "Lake Baikal", "Mount Everest"
PLACE_HEADS = frozenset({"Gulf", "Bay", "Sea", "Strait", "Straits", "Isle", "Lake", "Mount", "Mt", "Mt.", "Cape"})
# Party and nationality words that stand before a name without being part of it ("Republican Kevin McCarthy").
NAME_PREFIX_ADJECTIVES = {"Republican", "Democrat", "Democratic", "Labour", "Conservative", "Tory", "Liberal",
                          "Socialist", "Communist", "Green", "Independent", "Opposition", "Former", "Late", "Then",
                          "Veteran", "Rival", "Incumbent", "Acting", "Interim", "Outgoing", "Incoming"}

# Lowercase nouns before or after a name that mark it as an organisation ("cybersecurity firm UpGuard",
# "UpGuard, a cybersecurity firm", "newspaper The Hindu").
# Kinds of organisations in the plural before names ("store chains Woolworths and Coles"): each name is one
PLURAL_ORG_CUES = frozenset({"chains", "supermarkets", "retailers", "firms", "companies", "banks", "airlines",
                             "newspapers", "broadcasters", "websites", "platforms", "carriers", "insurers"})
ORG_CUE_NOUNS = {"firm", "company", "agency", "newspaper", "outlet", "group", "organisation", "organization",
                 "network", "channel", "broadcaster", "station", "party", "band", "club", "team", "charity",
                 "startup", "bank", "airline", "app", "website", "magazine", "journal", "union", "university",
                 "college", "school", "hospital", "publication", "tabloid", "manufacturer", "retailer", "insurer",
                 "automaker", "conglomerate", "corporation", "studio", "label", "publisher", "institute", "think-tank",
                 "troupe", "choir", "orchestra", "ensemble", "nonprofit", "platform", "streamer", "chain",
                 "supermarket", *PLURAL_ORG_CUES}

# Plural role nouns that make a capitalised run a description, not a name ("Members of Parliament").
# The word a bank's name opens with in many languages: "Bank Negara", "Banque Paribas", "Banco do Brasil"
BANK_WORDS = frozenset({"Bank", "Banque", "Banco", "Banca", "Bankhaus"})
NOT_IN_NAMES = {"members", "member", "officials", "leaders", "ministers", "people", "citizens", "presidents",
                "senators", "residents", "supporters", "voters", "workers", "students", "families", "troops"}

# US states as the wires abbreviate them after a city ("Albany, N.Y.", "Portland, Me.") or a
# legislator's party ("Sen. Charles Grassley (R-Iowa)"): AP style, read only in those two places.
US_STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland",
    "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma",
    "Ore.": "Oregon", "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming", "Me.": "Maine",
}

# Nouns that end the name of a thing called after a person ("James Webb Telescope", "Rory Peck Awards");
# not surnames such as Day, Law or Rule: a run ending in one is never that person.
THING_NOUNS = {"Telescope", "Award", "Awards", "Prize", "Prizes", "Trophy", "Cup", "Memorial", "Act", "Bill",
               "Doctrine", "Syndrome", "Disease", "Effect", "Theorem", "Show", "Festival", "Games", "Medal",
               "Medals", "Scholarship", "Lecture", "Lectures", "Fellowship", "Challenge", "Marathon", "Championship",
               "Championships", "Tournament", "Series", "Satellite", "Rover", "Probe", "Spacecraft",
               "Amendment", "Treaty", "Accord", "Index", "Principle", "Prize.", "Lecture."}
# Nouns of a picture's caption or credit that end a name there ("Susan Rice Image: White House", "NASA Photo").
MEDIA_NOUNS = {"Image", "Images", "Photo", "Photos", "Picture", "Pictures", "Photograph", "Photographs", "Video",
               "Footage", "Illustration", "Graphic", "Caption", "Credit", "Screenshot"}
# Prefixes of a ship's name ("USS Ronald Reagan", "HMS Queen Elizabeth"): the name after is no person.
SHIP_PREFIXES = {"USS", "HMS", "HMAS", "HMCS", "HMNZS", "RMS", "USNS", "INS", "MV", "SS"}
# Numbers in words, which after a month make a date ("April Three"), not a name
NUMBER_WORDS = set("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty first second third fourth fifth sixth seventh eighth ninth tenth eleventh
twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth""".split())
