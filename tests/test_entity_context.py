"""Entity rules that read a name by the words around it or by its company's mark (each on a made-up text;
the held-out sets in bench/ measure them on real articles)."""




def test_a_ticker_company_wrapped_over_two_lines_with_small_words_is_one_name(extractor):
    found = extractor.extract("", "Kessler und Vogt-Bau\nAG <KVBG.F> expects output to fall. It bought "
                                  "<Banca Di Lorenzo e Figli> last year.")
    assert found["org"] == ["Kessler und Vogt-Bau AG", "Banca Di Lorenzo e Figli"]


def test_whom_one_told_the_is_an_organisation(extractor):
    found = extractor.extract("", "The victim's mother told the Evening Courier she would appeal. Constable Ray "
                                  "Dunmore stated to the QBC that he saw it. He told the Dallas Morning Gazette "
                                  "nothing. In an interview with the Harbour Times, Dunmore said so.")
    assert found["org"] == ["Evening Courier", "QBC", "Dallas Morning Gazette", "Harbour Times"]
    assert found["person"] == ["Ray Dunmore"]


def test_a_ticker_company_after_another_sentence_or_company_is_only_its_own_name(extractor):
    found = extractor.extract("", "The issue was led by Kettering Lambert Inc.\nPelham Oats Co <PLO> said it "
                                  "would pay. Lead underwriters were Ward Securities Inc and A.B. Norcross Group "
                                  "Inc <ABN>. The Vandor Plc and NV <VN.A> group grew.")
    assert "Pelham Oats Co" in found["org"] and "A.B. Norcross Group Inc" in found["org"]
    assert "Vandor Plc" in found["org"] and "NV" not in found["org"]  # a legal suffix alone is no company
    assert not [o for o in found["org"] if "Kettering" in o and "Pelham" in o or "Ward" in o and "Norcross" in o]


def test_an_institution_the_wire_writes_in_lower_case_is_one(extractor):
    found = extractor.extract("", "The hostages hid in the Canadian embassy. The Tower commission said records "
                                  "were not kept. Dorwick police were able to trace the car. The Vantor police "
                                  "officer and Mexican police declined to comment. The House Fisheries committee met.")
    assert found["org"] == ["Canadian Embassy", "Tower Commission", "Dorwick Police", "House Fisheries Committee"]


def test_a_country_before_a_known_body_is_the_country_and_that_body(extractor):
    found = extractor.extract("", "Ada Quint was elected to the United States House of Representatives in 1990. "
                                  "The House of Representatives later censured her.")
    assert found["org"] == ["House of Representatives"] and found["place"] == ["United States"]


def test_two_words_run_together_name_a_firm_not_a_person(extractor):
    found = extractor.extract("", "ShipTrakker listed no position for the tanker. Dana Whitlock worked for "
                                  "HarbourBank for ten years. The GlowStream pipeline and the LaserDraft 2 "
                                  "were delayed. Sen. Mike DeWitt and Ann McArdle said so.")
    assert found["org"] == ["ShipTrakker", "HarbourBank"]
    assert found["person"] == ["Dana Whitlock", "Mike DeWitt", "Ann McArdle"]


def test_a_title_or_a_number_opening_a_sentence(extractor):
    found = extractor.extract("", "Dr Sukhdeep Varne, the lead author of the study, said the kits cost little. "
                                  "Four Navy ships are searching.")
    assert found["person"] == ["Sukhdeep Varne"] and found["org"] == []  # (no "Four Navy")


def test_a_name_with_an_ordinary_word_inside_is_no_speaker(extractor):
    found = extractor.extract("", "The director told Dorwick This Week that payments rose in Dorwick, Ontario.")
    assert found["person"] == [] and "Dorwick" in found["place"]


def test_places_named_for_an_owner_or_by_their_region(extractor):
    found = extractor.extract("", "Sergeant Tane, from Kowhai's Bay, New Zealand, served for years. A building "
                                  "collapsed in Omsk, a city in the Tavrin region of Russia. He lives in the "
                                  "Kurdish town of Halabja.")
    assert found["place"] == ["Kowhai's Bay", "New Zealand", "Omsk", "Tavrin", "Russia", "Halabja"]


def test_a_titled_person_of_a_body_is_the_person_and_the_body(extractor):
    found = extractor.extract("", "Cardinal Anselm Ravet of the Holy Synod said so.")
    assert found["person"] == ["Anselm Ravet"] and found["org"] == ["Holy Synod"]


def test_company_suffixes_after_a_comma_and_marked_companies_with_of(extractor):
    found = extractor.extract("", "The fund is run by Vardan National Asset Management, Inc. and others. It bought "
                                  "<Hunter\nAviation of Nevada, Inc>.")
    assert found["org"] == ["Hunter Aviation of Nevada Inc", "Vardan National Asset Management Inc"]
    assert found["person"] == [] and found["place"] == []


def test_bodies_named_by_a_membership_a_journal_or_a_bulletin(extractor):
    found = extractor.extract("", "Hale was elected a Fellow of the Royal Quorum Society in 1981. A study in the "
                                  "Journal of Threatened Moths said so, as described by Harbour Bulletin.")
    assert found["org"] == ["Royal Quorum Society", "Journal of Threatened Moths", "Harbour Bulletin"]
    assert found["person"] == []


def test_two_bodies_before_one_plural_noun_are_two(extractor):
    found = extractor.extract("", "The Socialist and Liberal parties met. The inquiry joined the House Fisheries and "
                                  "Forestry committees. He said so, telling "
                                  "the Nevada Sentinel: yes.")
    assert found["org"] == ["Socialist Party", "Liberal Party", "House Fisheries Committee",
                            "House Forestry Committee", "Nevada Sentinel"]
    assert found["place"] == []


def test_a_name_wrapped_inside_the_wires_brackets_leaves_no_fragment(extractor):
    found = extractor.extract("", "<Kessel Luftgeraete Werk Adolf\nSchindlau GmbH>, 75 pct owned by <Kessel AG>, "
                                  "set up a joint venture.")
    assert found["org"] == ["Kessel Luftgeraete Werk Adolf Schindlau GmbH", "Kessel AG"]


def test_words_before_a_companys_name_are_not_part_of_it(extractor):
    found = extractor.extract("", "Britain's Hollins Bank Ltd said so. A Norwood Southern Corp spokesman agreed. "
                                  "Sears Roebuck and Co Inc's Dane Witter Reynolds Inc was sold. Heck's Inc rose.")
    assert found["org"][:2] == ["Hollins Bank Ltd", "Norwood Southern Corp"]
    assert found["org"][-2:] == ["Dane Witter Reynolds Inc", "Heck's Inc"]  # (not "Inc's Dane Witter Reynolds Inc")
    assert found["place"] == ["United Kingdom"]


def test_a_system_or_a_rate_defined_with_an_acronym_is_no_organisation(extractor):
    found = extractor.extract("", "Ships report via the Automatic Tracking System (ATS). Loans are priced over the "
                                  "Singapore Interbank Offered Rate (SIBOR). Archer Daniels Midland (ADM) lent.")
    assert found["org"] == ["Archer Daniels Midland"]
