"""Event extraction on sentences of the kinds news is made of."""

from __future__ import annotations

from datetime import date

import pytest

import dyad


def _triples(text: str, when: str | None = None) -> set[tuple[str | None, str, str | None]]:
    return {
        (
            e.source.actor.code if e.source else None,
            e.plover_type,
            e.target.actor.code if e.target else None,
        )
        for e in dyad.code_text(text, when)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X called on Y to ...": the content of the request is not an event of its own.
        (
            "The Kremlin on Tuesday called on the Venezuelan opposition to accept its defeat.",
            {("RUSGOV", "REQUEST", "VENOPP")},
        ),
        # coordinated sources: one event each
        (
            "Russia, Belarus and Turkey voiced support for Maduro.",
            {
                ("RUS", "SUPPORT", "VENGOV"),
                ("BLR", "SUPPORT", "VENGOV"),
                ("TUR", "SUPPORT", "VENGOV"),
            },
        ),
        # a title in front of the name gives country and sector
        (
            "Russian President Vladimir Putin congratulated Venezuelan President Nicolas Maduro.",
            {("RUSGOV", "SUPPORT", "VENGOV")},
        ),
        # a negated cooperative act is a refusal
        (
            "Venezuelan President Nicolas Maduro decided not to attend talks with the opposition.",
            {("VENGOV", "REJECT", "VENOPP")},
        ),
        # passive voice
        (
            "The opposition leader was arrested by Venezuelan police.",
            {("VENCOP", "COERCE", "VENOPP")},
        ),
        # a participle modifier: "US-backed"
        (
            "The US-backed opposition leader, Juan Guaido, spoke in Caracas.",
            {("USA", "SUPPORT", "VENOPP")},
        ),
    ],
)
def test_extract_sentences(text, expected):
    found = _triples(text, "2019-08-10")
    assert expected <= found, found


def test_extract_evidence_offsets_point_into_the_text():
    text = "The Kremlin on Tuesday called on the Venezuelan opposition to accept its defeat."
    (event,) = [e for e in dyad.code_text(text, "2024-07-30") if e.plover_type == "REQUEST"]
    assert event.sentence == text
    assert text[event.predicate_start : event.predicate_end] == "called"
    assert text[event.source.start : event.source.end] == "Kremlin"
    assert text[event.target.start : event.target.end] == "Venezuelan opposition"
    assert "predicates.csv" in event.rule


@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        (
            "The Kremlin on Tuesday (30) called on the opposition to accept defeat.",
            "2024-07-30",
            date(2024, 7, 30),
            "day",
        ),  # the article's own weekday is the same day
        (
            "Putin congratulated Maduro on Monday (29) for his victory.",
            "2024-07-30",
            date(2024, 7, 29),
            "day",
        ),
        ("Putin congratulated Maduro for his victory.", "2024-07-30", date(2024, 7, 30), "day"),
        ("Putin congratulated Maduro in 2019.", "2024-07-30", date(2019, 1, 1), "year"),
    ],
)
def test_extract_event_dates(text, published, expected, precision):
    events = dyad.code_text(text, published)
    assert events, text
    assert (events[0].date, events[0].date_precision) == (expected, precision)


def test_extract_undated_article_has_unknown_date():
    (event, *_) = dyad.code_text("Putin congratulated Maduro on Monday.")
    assert event.date is None and event.date_source == "unknown"


def test_extract_location():
    events = dyad.code_text(
        "Maduro met opposition leader Juan Guaido in Barbados on Monday.", "2019-07-10"
    )
    assert any(e.location and e.location.country == "BRB" for e in events)


def test_extract_no_event_without_predicate():
    assert (
        dyad.code_text("Venezuela is in the midst of a terrible economic crisis.", "2021-08-13")
        == []
    )


def test_extract_question_is_not_kept():
    text = "Would the regime dare to arrest the opposition leader?"
    assert dyad.code_text(text, "2019-08-10") == []


def _countries(text: str, settings=None) -> set[tuple[str | None, str, str | None]]:
    """(source country, type, target country): robust to how sectors resolve."""
    return {
        (
            e.source.actor.code[:3] if e.source else None,
            e.plover_type,
            e.target.actor.code[:3] if e.target else None,
        )
        for e in dyad.code_text(text, "2020-05-01", settings=settings)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # reported speech: the speaker demands what another actor "must" do
        ("Russia said that Sudan must return the helicopter.", ("RUS", "REQUEST", "SDN")),
        # the target is named inside the object phrase
        (
            "The Taliban rejected a cease-fire offer from the Afghan government.",
            ("AFG", "REJECT", "AFG"),
        ),
        ("Bangladesh rejected an Indian proposal.", ("BGD", "REJECT", "IND")),
        # demanded that X do Y: the complement's subject is the target
        ("China demanded that the United States cancel the sale.", ("CHN", "REQUEST", "USA")),
        # a future act made conditional with "unless" is a threat
        (
            "Nigeria said it will withdraw its force from Chad unless the rebels disarm.",
            ("NGA", "THREATEN", "TCD"),
        ),
        # an intention is AGREE (PLOVER), and one's own troops are not the target
        ("Syria is willing to withdraw its troops from Lebanon.", ("SYR", "AGREE", "LBN")),
        # a stated future boycott is a threat
        (
            "Palestinian leaders said they would boycott the United States.",
            ("PSE", "THREATEN", "USA"),
        ),
        # the accused, not the addressee
        (
            "Lebanon complained to the United Nations over Israeli air raids.",
            ("LBN", "ACCUSE", "ISR"),
        ),
        # a protest's target comes from its purpose
        (
            "Ethnic Turks began a hunger strike to protest against Sweden's decision.",
            ("TUR", "PROTEST", "SWE"),
        ),
        # an act on one's own territory targets the place
        (
            "Sudan's government lifted a state of emergency in Khartoum.",
            ("SDN", "CONCEDE", "SDN"),
        ),
        # "failed to reach agreement": jointly, a refusal with no target
        ("Israel and Syria failed to reach an agreement.", ("ISR", "REJECT", None)),
    ],
)
def test_extract_constructions(text, expected):
    found = _countries(text)
    assert expected in found, found


@pytest.mark.parametrize(
    "text",
    [
        # possibility is no act
        "The Venezuelan government can provide aid to Colombia.",
        # a question
        "Will Russia attack Ukraine?",
        # a negated act that is not cooperative did not happen
        "Russia did not attack Ukraine.",
    ],
)
def test_extract_nonfactual_not_kept(text):
    assert not [e for e in dyad.code_text(text, "2020-05-01") if e.source], text


def test_extract_not_mentioning_is_no_event_of_the_speaker():
    # The protests mentioned are an event (Venezuelans protest); Peskov's silence is not.
    events = dyad.code_text("Peskov did not mention the protests in Venezuela.", "2024-07-30")
    assert {e.plover_type for e in events} == {"PROTEST"}
    assert all(e.source.actor.country == "VEN" for e in events)


def test_extract_nonfactual_flags_are_stored_when_asked():
    from dyad.config import Settings

    keep = Settings(keep_nonfactual=True)
    (event,) = [
        e for e in dyad.code_text("Russia did not attack Ukraine.", settings=keep) if e.source
    ]
    assert event.modality.negated and event.plover_type == "ASSAULT"
    (event,) = dyad.code_text("Will Russia attack Ukraine?", settings=keep)
    assert event.modality.question


def test_extract_unsaid_agent_keeps_the_target():
    # who imprisons, unsaid, is the state: of the place, or else of the article's country
    # (the event had no source before; the seeds code it VENGOV COERCE VENOPP)
    events = dyad.code_text(
        "Guaido wants the release of Freddy Guevara, who was just imprisoned.", "2021-08-13"
    )
    coerced = [
        (e.source.actor.code, e.target.actor.code) for e in events if e.plover_type == "COERCE"
    ]
    assert coerced == [("VENGOV", "VENOPP")]
    events = dyad.code_text("A Christian missionary from Calgary was arrested in Lebanon.")
    assert [(e.source.text, e.source.actor.code) for e in events] == [("Lebanon", "LBNGOV")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a demand's "that" clause names whom it is put to: on the verb, its noun, or both
        (
            "The Kurdistan Workers' Party issued a declaration demanding that the Turkish "
            "government release its leader.",
            ("TURREB", "REQUEST", "TURGOV"),
        ),
        (
            "The European Union reiterated its demand that Israel ease restrictions on Gaza.",
            ("IGOEUREEC", "REQUEST", "ISR"),
        ),
        (
            "The main Hutu rebel group insisted on its demands that Burundi's government "
            "grant more rights.",
            ("BDIREB", "REQUEST", "BDIGOV"),
        ),
        # the object's partner before an actor deep inside a reason
        (
            "The U.S. Defense Department suspended military aid to Guatemalan police over the "
            "use of vehicles donated by Washington.",
            ("USAMIL", "SANCTION", "GTMCOP"),
        ),
        # a former state is coded as its successor
        ("Yugoslavia and Slovenia agreed to a ceasefire.", ("SRB", "AGREE", None)),
        (
            "Washington threatened further action against the Soviet Union.",
            ("USAGOV", "THREATEN", "RUS"),
        ),
        # coordinated strike nouns: the military kind is an attack, by the launcher
        (
            "The U.S. military launched air and artillery strikes on Syrian troops.",
            ("USAMIL", "ASSAULT", "SYRMIL"),
        ),
        # a stance after "be": its subject holds it
        ("Israel is opposed to French mediation.", ("ISR", "REJECT", "FRA")),
        # joint actors doing it to each other: each, with no target
        ("Chile and Peru upgraded their diplomatic ties.", ("CHL", "SUPPORT", None)),
        ("Chile and Peru upgraded their diplomatic ties.", ("PER", "SUPPORT", None)),
        # a surrender or withdrawal needs no one else, nor a ceasefire broken
        ("Five hundred Ugandan rebels surrendered last week.", ("UGAREB", "RETREAT", None)),
        ("Azerbaijani forces violated the ceasefire 80 times.", ("AZEMIL", "ASSAULT", None)),
        # and so does agreeing to, or refusing, a retreat
        ("Ousted President Askar Akayev has agreed to resign.", ("KGZELI", "AGREE", None)),
        ("US Senator Nicholas Kettle has declined to resign his seat.", ("USALEG", "REJECT", None)),
        # a retreat refused is a refusal (CAMEO 124), as a cooperative act refused is
        ("The FARC will not release the kidnap victims.", ("COLREB", "REJECT", "COLCVL")),
        # a refusal answers whoever pressed for it
        (
            "New York Governor Andrew Cuomo has declined to resign, despite the pressure by the "
            "US Congress.",
            ("USAGOV", "REJECT", "USALEG"),
        ),
        # a light verb with no object carries the noun after "on" (the strikers were lost)
        (
            "Israeli troops remained on alert in the occupied West Bank.",
            ("ISRMIL", "MOBILIZE", "PSE"),
        ),
        (
            "Thousands of Serbian teachers went on strike on Monday.",
            ("SRBEDU", "PROTEST", "SRBGOV"),
        ),
        # a verb+object idiom: the object's own agent is not whom the act is done to
        ("Obama lifts US embargo on lethal arms sales to Vietnam.", ("USAGOV", "CONCEDE", "VNM")),
        # civilians held as human shields are attacked (CAMEO 184, ASSAULT abduct)
        (
            "The Sri Lankan army has been holding thousands of Tamil civilian refugees as "
            "human shields.",
            ("LKAMIL", "ASSAULT", "LKAREF"),
        ),
        # an attack targets whom its participle says it targets
        (
            "The Taliban have carried out near-daily attacks, mainly targeting the Afghan "
            "government.",
            ("AFGREB", "ASSAULT", "AFGGOV"),
        ),
        # a war is waged against someone, whatever verb steps it up
        (
            "The Taliban stepped up their war against the Kabul government.",
            ("AFGREB", "ASSAULT", "AFGGOV"),
        ),
        # an arrest warrant is an act against whom it names (CAMEO 173)
        (
            "Germany's Federal Court of Justice issued an arrest warrant for Jamil Hassan, the "
            "head of the Syrian Air Force Intelligence.",
            ("DEUJUD", "COERCE", "---"),
        ),
        # an investigation "into" someone accuses them; regulators are the government
        (
            "Chinese regulators have launched an investigation into Alibaba Group.",
            ("CHNGOV", "ACCUSE", "CHN"),
        ),
        # a call for sanctions against Y denounces Y (the GSR codes it so)
        (
            "Greece's foreign minister called for sanctions against Turkey.",
            ("GRCGOV", "ACCUSE", "TUR"),
        ),
        # an extradition is cooperation with the state the suspect is handed to
        ("Zambia extradited a suspected British militant to Britain.", ("ZMB", "COOPERATE", "GBR")),
        # refuge is asked of the country it is sought in
        (
            "Some 800,000 Iraqi Kurds sought refuge in Germany last month.",
            ("IRQCVL", "REQUEST", "DEU"),
        ),
        (
            "Thousands of Iraqi Christians have sought refuge in Amman.",
            ("IRQCVL", "REQUEST", "JOR"),
        ),
        # a gerund after a preposition is done by the subject of what it modifies
        (
            "China continued its efforts by donating medical supplies to Kenya.",
            ("CHN", "AID", "KEN"),
        ),
        ("India and Pakistan were guilty of violating the ceasefire.", ("PAK", "ASSAULT", None)),
        # a people is its country's civilians, and protests its government by default
        ("Thousands of Iraqi Kurds demonstrated in Kirkuk.", ("IRQCVL", "PROTEST", "IRQGOV")),
        # the leader stands for what it leads; weapons are their country's military
        ("The Saudi-led coalition bombed Houthi positions.", ("SAU", "ASSAULT", "YEMREB")),
        ("Israeli tanks shelled Palestinian security forces.", ("ISRMIL", "ASSAULT", "PSEMIL")),
        # money given is aid
        ("Italy gave 300,000 euros to the World Food Programme.", ("ITA", "AID", "IGOUNOWFP")),
        # insurgents attacking their own country's troops: the troops were dropped as the
        # attackers' own instruments, as if the Taliban had sent them
        ("Taliban militants killed dozens of Afghan soldiers.", ("AFGUAF", "ASSAULT", "AFGMIL")),
        ("Boko Haram fighters ambushed Nigerian troops.", ("NGAREB", "ASSAULT", "NGAMIL")),
        # a person no one knows, with no country named, is an actor; not a name that only
        # modifies the actor (bin Laden's al-Qaeda threatens)
        ("Ukrainian security forces arrested Leonid Kozhara.", ("UKRMIL", "COERCE", "---")),
        ("Pete Wilson signed an agreement on trade with Israel.", ("---", "SUPPORT", "ISR")),
        (
            "Osama bin Laden's al-Qaeda threatened to attack the United States.",
            ("IMGMUSALQ", "THREATEN", "USA"),
        ),
        # an organisation no one knows is of the country the text is about
        (
            "The prosecutor's office has ordered an investigation against Jobbik.",
            ("---JUD", "ACCUSE", "---"),
        ),
        (
            "El Salvadoran president outlawed the Communist Party.",
            ("SLVGOV", "COERCE", "SLV"),
        ),
    ],
)
def test_extract_targets_and_names(text, expected):
    assert expected in _triples(text)


def test_extract_pronouns_in_a_reported_clause():
    # "he" in what Katsav is saying is Katsav; "him" is not its own clause's subject
    events = dyad.code_text(
        "Israeli President Moshe Katsav refused to meet King Abdullah II of Jordan, saying he "
        "would only welcome him in Jerusalem."
    )
    welcome = [e for e in events if e.predicate == "welcome"]
    assert welcome and all(
        e.source.actor.code == "ISRGOV" and e.target.actor.code == "JORGOV" for e in welcome
    )


def test_extract_a_guessed_country_does_not_make_an_actor_act_on_itself():
    # the unknown president is not South African because the sentence's one country is
    (event,) = [
        e
        for e in dyad.code_text(
            "President Jean Dupont gave a warm welcome to South African President Cyril Ramaphosa."
        )
        if e.source and e.source.text.endswith("Dupont")
    ]
    assert event.target.actor.code == "ZAFGOV"
    assert event.source.actor.country is None and "self-directed" in event.source.actor.rule


def test_extract_a_resolution_rejected_is_not_the_rejecters_condemnation():
    triples = _triples("Russia rejected a resolution condemning Ukraine.")
    assert ("RUS", "ACCUSE", "UKR") not in triples


def test_extract_rule_names_the_reporting_verb_row():
    (event,) = [
        e
        for e in dyad.code_text("Russia said that Sudan must return the helicopter.")
        if e.plover_type == "REQUEST"
    ]
    assert "reporting_verbs.csv" in event.rule and event.predicate == "said"


@pytest.mark.parametrize(
    ("text", "source", "target", "expected"),
    [
        (
            "The United States will not lift the ban on doing business with ZTE.",
            "United States",
            "ZTE",
            "REJECT",
        ),
        (
            "Pakistan is willing to withdraw its troops from Kashmir.",
            "Pakistan",
            "Kashmir",
            "AGREE",
        ),
        ("Japan said it had halted economic aid to Yugoslavia.", "Japan", "Yugoslavia", "SANCTION"),
        ("The court ordered an investigation against the minister.", "court", "minister", "ACCUSE"),
    ],
)
def test_classify_reads_modality_and_governing_predicate(text, source, target, expected):
    assert dyad.classify(text, source, target) == expected


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # a purpose infinitive is what the act is for, not a second event
        (
            "Students staged demonstrations to demand reforms from the Indonesian government.",
            ("IDNEDU", "PROTEST", "IDNGOV"),
            "REQUEST",
        ),
        # the indirect object of a light verb receives the noun's act
        ("Japan gave Kenya a grant of 5 million dollars.", ("JPN", "AID", "KEN"), None),
        # "N dollars of aid": the measured noun carries the event
        ("Norway gave Chad 2 million dollars of aid.", ("NOR", "AID", "TCD"), None),
        # a third party's mediation "between" two others targets both
        (
            "Kenya launched a mediation effort between Ethiopia and Eritrea.",
            ("KEN", "CONSULT", "ERI"),
            None,
        ),
        # what is demanded is asked "from" its addressee
        ("Ukraine demanded an apology from Hungary.", ("UKR", "REQUEST", "HUN"), None),
        # a threat's target is the subject of its condition
        (
            "Iran threatened to halt talks if the United States imposes new tariffs.",
            ("IRN", "THREATEN", "USA"),
            None,
        ),
        # a protest without a named target is against the government
        ("Chilean miners rioted on Monday.", ("CHLLAB", "PROTEST", "CHLGOV"), None),
        # a refusal or a suspension done abroad targets the country it is done in
        (
            "Pakistan has refused to deploy peacekeepers in Iraq.",
            ("PAK", "REJECT", "IRQ"),
            None,
        ),
        # a harm held out as possible on a condition is a threat, and is kept
        (
            "Iran could halt oil exports to Japan if the United States imposes sanctions.",
            ("IRN", "THREATEN", "JPN"),
            "SANCTION",
        ),
        # the verb whose object an event noun is carries its modality: an intended harm
        (
            "NATO said it would tighten the naval blockade of Serbia.",
            ("IGOWSTNAT", "THREATEN", "SRB"),
            "COERCE",
        ),
        # a past participle on a noun is passive; a sanction with no one named hits the
        # article's country
        (
            "Venezuela's crisis has been compounded by new sanctions imposed by Washington.",
            ("USAGOV", "SANCTION", "VEN"),
            None,
        ),
        # a verb+object sense sees through a part ("some of the peacekeepers"): expelling
        # peacekeepers is SANCTION expel, not the deportation of individuals
        ("Eritrea has expelled some of the U.N. peacekeepers.", ("ERI", "SANCTION", "IGO"), None),
        # troops do not visit: relief (AID, as the PLOVER manual has it) or a deployment
        (
            "NATO peacekeeping troops have arrived in Bosnia.",
            ("IGOMIL", "AID", "BIH"),
            "CONSULT",
        ),
        ("Russian troops arrived in Belarus on Monday.", ("RUSMIL", "MOBILIZE", "BLR"), "CONSULT"),
        # a court finding someone guilty convicts them (SANCTION convict), and "him" in the
        # sentence conjoined to it is the one convicted (COERCE: the prison sentence)
        (
            "A Moscow court found a Norwegian man guilty of espionage and sentenced him to "
            "14 years in prison.",
            ("RUSJUD", "SANCTION", "NORCVL"),
            None,
        ),
        (
            "A Moscow court convicted a Norwegian man of espionage and sentenced him to 14 years.",
            ("RUSJUD", "COERCE", "NORCVL"),
            None,
        ),
        # forcing an agency out of the country expels it (SANCTION expel)
        (
            "Jakarta forced the UN refugee agency out of the country.",
            ("IDNGOV", "SANCTION", "IGOUNOREFHCR"),
            None,
        ),
        # taking territory by force is a use of force
        (
            "Burmese troops have captured part of a Karen guerrilla stronghold.",
            ("MMRMIL", "ASSAULT", "MMRREB"),
            "COERCE",
        ),
        # a date between a verb and its infinitive controls nothing: Japan eases
        (
            "Japan decided on Thursday to ease sanctions on North Korea.",
            ("JPN", "CONCEDE", "PRK"),
            None,
        ),
        # coordinated prepositions share their object
        ("Japan lifted travel curbs to and from North Korea.", ("JPN", "CONCEDE", "PRK"), None),
        # the infinitive on the object, and a complement's particle, name the target
        (
            "President Donald Trump accepted an invitation to meet with Kim Jong Un.",
            ("USAGOV", "AGREE", "PRKGOV"),
            None,
        ),
        (
            "Zimbabwean opposition leader Morgan Tsvangirai threatened to pull out of a deal "
            "with Robert Mugabe.",
            ("ZWEOPP", "THREATEN", "ZWEGOV"),
            None,
        ),
    ],
)
def test_extract_argument_rules(text, expected, absent):
    triples = _triples(text)
    assert expected in triples or any(
        (s or "")[:3] == expected[0][:3] and t == expected[1] and (g or "")[:3] == expected[2][:3]
        for s, t, g in triples
    ), triples
    if absent:
        assert absent not in {t for _, t, _ in triples}


def test_extract_a_participle_agent_is_not_its_own_target():
    # "a view backed by the EU and the US": the agents, found again inside the noun, made
    # the US back the EU
    text = (
        "The legislature said the vote was rigged, a view backed by the European Union and the US."
    )
    assert not any(t == "SUPPORT" for _, t, _ in _triples(text))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # what a refusal refuses is not an act of its own: Russia did not accept anything
        ("Russia reiterated its refusal to accept the independence of Chechnya.", "AGREE"),
        # a call to do something is a request, not a telephone call
        ("The opposition renewed its call to release Freddy Guevara.", "CONSULT"),
    ],
)
def test_extract_a_nouns_infinitive_is_its_content(text, absent):
    assert absent not in {t for _, t, _ in _triples(text)}


def test_extract_description_is_no_agentless_event():
    assert not any(e.source is None for e in dyad.code_text("The besieged town of Gorazde."))


def test_extract_a_typed_dash_dateline_is_no_actor():
    events = dyad.code_text("JUBA -- South Sudanese President Salva Kiir accused Sudan of bombing.")
    assert [(e.source.text, e.plover_type, e.target.actor.code) for e in events] == [
        ("South Sudanese President Salva Kiir", "ACCUSE", "SDN")
    ]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a dateline may name a country after the city, or a date before a colon, and it
        # may open any line of the text
        ("MANILA, Philippines -- President Duterte praised the police.", "PHLGOV"),
        ("Brussels, March 21: The European Union has opposed the plan of Britain.", "IGOEUREEC"),
        ("Headline\n\nCARACAS - Venezuelan police arrested two opposition activists.", "VENCOP"),
    ],
)
def test_extract_datelines_name_no_actor(text, source):
    assert {s for s, _, _ in _triples(text)} == {source}, _triples(text)


def test_extract_a_colon_after_a_place_alone_is_no_dateline():
    # "Russia: we condemn ...": the colon attributes what follows to Russia
    found = dyad.resolve_actor("Russia: we condemn the sanctions.")
    assert found is not None and found.code == "RUS"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an act on one's own territory targets the place ("target is the place"): the
        # people of a town, the country itself
        (
            "Turkish authorities have imposed a curfew in the town of Cizre in southeastern "
            "Turkey after a demonstration.",
            ("TURGOV", "COERCE", "TURCVL"),
        ),
        (
            "The military government declared a 30-day state of siege in Haiti on Saturday.",
            ("HTIGOV", "COERCE", "HTI"),
        ),
        (
            "Sudan's government on Sunday lifted a state of emergency in West Darfur State.",
            ("SDNGOV", "CONCEDE", "SDN"),
        ),
        # an agreement about a place at home concerns the place
        ("Afghan Taliban have agreed to a ceasefire in Afghanistan.", ("AFGREB", "AGREE", "AFG")),
        # the place may hang on the object, deep in its phrase, or be a part of one ("in
        # parts of", "in northern parts of")
        (
            "Indian police have imposed a curfew in parts of the western city of Ahmedabad.",
            ("INDCOP", "COERCE", "INDCVL"),
        ),
        (
            "President Salva Kiir has lifted a state of emergency in northern parts of "
            "South Sudan.",
            ("SSDGOV", "CONCEDE", "SSD"),
        ),
        # an attack whose subject is only its instrument: the place's unidentified attackers
        (
            "A roadside bombing near the town of Samarra on Sunday killed one U.S. soldier.",
            ("IRQUAF", "ASSAULT", "USAMIL"),
        ),
        # killed by a weapon, or in a blast: the attacker is unnamed; the place is the
        # first one the act's place phrases name
        (
            "Three US servicemen were killed by an improvised explosive device outside of "
            "the Iraqi city of Basra.",
            ("IRQUAF", "ASSAULT", "USAMIL"),
        ),
        (
            "A journalist has been killed in a car bomb explosion in a residential sector "
            "of eastern Beirut.",
            ("LBNUAF", "ASSAULT", "LBNMED"),
        ),
        # a place on the object of "against" is where the act was done
        (
            "The Islamic State group has carried out several attacks against civilian and "
            "military targets in Kirkuk.",
            ("IMGMUSISI", "ASSAULT", "IRQCVL"),
        ),
        # and so is an attack condemned with no one named
        (
            "Pakistan's Foreign Ministry condemned the terrorist attack in Kabul.",
            ("PAKGOV", "ACCUSE", "AFGUAF"),
        ),
        # a place that modifies the actor noun, or that the actor is "in"
        ("Boston police have arrested a New Hampshire man.", ("USACOP", "COERCE", "USACVL")),
        ("Police in Los Angeles arrested two protesters.", ("USACOP", "COERCE", "USACVL")),
    ],
)
def test_extract_places_below_the_country(text, expected):
    assert expected in _triples(text)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Turkish authorities imposed a curfew in the town of Cizre.", "Cizre", "TUR"),
        ("Rebels attacked government troops in Hodeidah on Monday.", "Hodeidah", "YEM"),
        ("A roadside bombing near the town of Samarra killed a soldier.", "Samarra", "IRQ"),
        # a direction's "of" names a place, a capital too
        ("Three US servicemen were killed by a bomb outside of the city of Basra.", "Basra", "IRQ"),
        ("Gunmen attacked a checkpoint north of Baghdad.", "Baghdad", "IRQ"),
    ],
)
def test_extract_location_below_the_country(text, name, country):
    locations = {(e.location.name, e.location.country) for e in dyad.code_text(text) if e.location}
    assert (name, country) in locations


def test_extract_an_attacker_is_someone_when_the_subject_is_a_person():
    # "the actor attacked men while in Britain": not the place's unidentified attackers
    text = "Police opened investigations into claims the actor attacked men while in Britain."
    assert not any(s and s.endswith("UAF") for s, _, _ in _triples(text))


@pytest.mark.parametrize(
    "text",
    [
        # an event noun that modifies another noun names a kind of people, no act
        "Liberian riot police used tear gas in Monrovia.",
        "U.S. border patrol agents questioned illegal Mexican immigrants.",
    ],
)
def test_extract_an_event_noun_as_modifier_is_no_event(text):
    types = {t for _, t, _ in _triples(text)}
    assert not types & {"PROTEST", "MOBILIZE"}, types


def test_extract_anti_or_pro_a_country_is_no_membership():
    # an anti-Syria journalist killed in Beirut is not Syrian
    text = "An anti-Syria journalist has been killed in a car bomb explosion in Beirut."
    assert ("LBNUAF", "ASSAULT", "LBNMED") in _triples(text)


def test_extract_what_must_happen_is_a_demand_not_an_act():
    text = "Egypt's president said the US must mediate between Israelis and Palestinians."
    found = _triples(text)
    assert ("EGYGOV", "REQUEST", "USA") in found
    assert not {t for s, t, _ in found if s == "USA"}, found
    text = "The French president reminded Iraq that it should cooperate with UN inspectors."
    assert not {t for s, t, _ in _triples(text) if s == "IRQ"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # readying an attack is a show of force (MOBILIZE), not the attack
        (
            "The Macedonian army prepared to resume shelling Albanian rebels.",
            ("MKDMIL", "MOBILIZE", "ALBREB"),
        ),
        (
            "The Macedonian army is preparing an offensive against Albanian rebels.",
            ("MKDMIL", "MOBILIZE", "ALBREB"),
        ),
        # "they" as a subject: the speaker of the reported clause, the subject of the clause
        # it depends on, when the number agrees
        (
            "Ivory Coast rebels on Friday rejected a Senegalese peace plan, and said they also "
            "opposed the deployment of a peacekeeping force.",
            ("CIVREB", "REJECT", "SEN"),
        ),
        (
            "Two Palestinian bombers killed 23 people late Sunday when they blew themselves up "
            "in Tel Aviv.",
            ("PSE", "ASSAULT", "ISRCVL"),
        ),
    ],
)
def test_extract_preparation_and_subject_pronouns(text, expected):
    found = _triples(text)
    assert expected in found, found
    assert not any(t == "ASSAULT" and s and s.startswith("MKD") for s, t, _ in found)
    assert not any(s == "SEN" or s == "PSECVL" for s, _, _ in found), found


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # "in protest of": the purpose of the strike, not a protest of its own by unnamed people
        (
            "Seven opposition parties in Nepal have organized a general strike that shut down "
            "Kathmandu in protest of last week's arrest of activists.",
            ("NPLOPP", "PROTEST", "NPLGOV"),
            "NPLCVL",
        ),
        # a protest's default target is the government of the place, however deep it is named
        (
            "Palestinian prisoners rioted Monday at this jail in northern Israel.",
            ("PSECVL", "PROTEST", "ISRGOV"),
            "PSEGOV",
        ),
        # the purpose of an intended act is intended too
        (
            "Norway is willing to send material to help defend Saudi Arabia.",
            ("NOR", "AGREE", "SAU"),
            None,
        ),
    ],
)
def test_extract_protest_purpose_and_place(text, expected, absent):
    found = _triples(text)
    assert expected in found, found
    assert not (absent and any(absent in (s, t) for s, _, t in found)), found
    assert not any(t == "AID" for _, t, _ in found), found


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # a place's relative clause is no purpose of the protest, and its agentless killing
        # is background, no event
        (
            "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia, where 24 people were "
            "killed in nationalist riots last March.",
            ("PROTEST", "SRBGOV"),
            "ASSAULT",
        ),
        (
            "Lebanon complained to the United Nations over two Israeli air raids in which it "
            "said 20 people were killed.",
            ("ACCUSE", "ISR"),
            "ASSAULT",
        ),
        # what a demand asks is its content, not an act
        (
            "The rebel group insisted on its demands that Burundi's government grant the Hutu "
            "majority more rights.",
            ("REQUEST", "BDIGOV"),
            "CONCEDE",
        ),
        # a possessive pronoun is the last clue inside a phrase
        (
            "Greece demanded that its European Community partners refuse to recognize Macedonia.",
            ("REQUEST", "IGOEUREEC"),
            "SUPPORT",
        ),
    ],
)
def test_extract_background_content_and_phrase_clues(text, expected, absent):
    found = _triples(text)
    assert expected in {(t, target) for _, t, target in found}, found
    assert absent not in {t for _, t, _ in found}, found


def test_extract_coordinated_modifiers_come_for_joint_talks():
    # one actor per coordinated modifier; who comes "for talks" takes part in them, and a
    # joint act has no recipient (the PLOVER manual)
    text = "U.S. and Russian negotiators return to Geneva this week for talks on missiles."
    assert {("USAGOV", "CONSULT", None), ("RUSGOV", "CONSULT", None)} <= _triples(text)
    # ... but a verb that tells what the act suffers names no participant
    assert not _triples("The accord stalled for weeks over talks with Russia.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role with no country of its own belongs to the actor its "of" phrase names
        (
            "French deputies held talks with leaders of Romania's new government on Tuesday.",
            ("FRALEG", "CONSULT", "ROUGOV"),
        ),
        (
            "Leaders of Romania's new government accused the French deputies of interference.",
            ("ROUGOV", "ACCUSE", "FRALEG"),
        ),
    ],
)
def test_extract_a_role_of_an_actor_is_that_actor(text, expected):
    assert expected in _triples(text)


def test_extract_a_language_and_ones_own_embassy_are_no_targets():
    # "the Russian language" is no Russian actor: the court acted on no one named
    text = "The Latvian Constitutional Court cancelled restrictions on the Russian language."
    assert not any(t and t.startswith("RUS") for _, _, t in _triples(text))
    # a country opening its own embassy acts on the country it opens it in
    text = "Sri Lanka has opened an embassy in Tehran, the foreign ministry said."
    assert ("LKA", "SUPPORT", "IRN") in _triples(text)


def test_extract_a_withdrawal_of_ones_own_forces_targets_where_from():
    text = "The United States speeded up the withdrawal of some invasion forces from Panama."
    assert _triples(text) == {("USA", "RETREAT", "PAN")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # considering someone (interim) president recognizes him ("whom", however parsed)
        (
            "Juan Guaido, whom the US considers interim president, met the opposition.",
            ("USA", "SUPPORT", "VENOPP"),
        ),
        # encouraging someone to act is an appeal (CAMEO 02), not praise
        (
            "The US encouraged Venezuelan President Nicolas Maduro to hold elections.",
            ("USA", "REQUEST", "VENGOV"),
        ),
    ],
)
def test_extract_recognition_and_appeal(text, expected):
    assert expected in _triples(text, "2019-08-05")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle on a passive clause is done by its agent, not by who reports it
        (
            "A camp for Congolese refugees was attacked by Burundian militiamen, killing at "
            "least 156 people, the UN refugee agency reported.",
            ("BDIUAF", "ASSAULT", "CODCVL"),
        ),
        # artillery fire is an attack; what was hit lies where the place phrase says
        (
            "Vietnamese-led forces launched artillery and rocket fire against Kampuchean "
            "guerrilla camps.",
            ("VNMMIL", "ASSAULT", "KHM"),
        ),
        ("Israeli tanks fired four shells at targets in Jericho.", ("ISRMIL", "ASSAULT", "PSECVL")),
    ],
)
def test_extract_attack_agents_fire_and_targets_in_a_place(text, expected):
    found = _triples(text)
    assert expected in found, found
    assert not any(s and s.startswith("IGO") for s, _, _ in found), found


def test_extract_a_thing_wounded_by_no_one_is_no_attack():
    text = 'Maduro had said the Barbados agreement was "mortally wounded".'
    assert not any(t == "ASSAULT" for _, t, _ in _triples(text, "2024-01-27"))
    # but people harmed by no one named are still its target (an arrest is the state's)
    text = "Members of the opposition were arrested in Caracas."
    assert ("VENGOV", "COERCE", "VENOPP") in _triples(text, "2024-01-27")


def test_extract_an_arrest_warrant_is_coercion():
    text = "Interpol has issued an arrest warrant for four North Korean men."
    assert ("IGOCOPITP", "COERCE", "PRKCVL") in _triples(text)


def test_extract_a_lowercase_word_is_no_unknown_organisation():
    # the tagger may take "sham" for an organisation; a name is written with a capital
    text = "U.S. Secretary of State Mike Pompeo called the election a fraud and a sham."
    assert not _triples(text, "2019-01-23")
