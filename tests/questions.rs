//! Questions a reader of the study text would ask, each as an rjkb
//! invocation and the words its answer must contain. Written from a
//! sentence-by-sentence read of seed/texts/togo-yeltsin-era.txt, and on
//! the years the study text passes over, of the public pages in seed/LEADS.md.

use assert_cmd::Command;

/// (question, arguments, every piece the output must contain)
const QUESTIONS: &[(&str, &[&str], &[&str])] = &[
    // Part I §1: the first term
    (
        "Toward whom was Russian foreign policy directed in 1992?",
        &["positions", "--by", "russia", "--year", "1992"],
        &["the West first"],
    ),
    (
        "Who held the conductor seat in Russia's policy toward the East?",
        &["search", "conductor seat"],
        &["japan-leads-eastern-policy"],
    ),
    (
        "When did Yeltsin cancel his visit to Japan, and what visit was it?",
        &[
            "events",
            "--text",
            "cancels",
            "--columns",
            "date,date_text,title",
        ],
        &["1992-09-09", "September 1992"],
    ),
    (
        "For how long did relations stagnate after the cancellation?",
        &["show", "stagnation"],
        &["relations stagnated for four years"],
    ),
    (
        "How is the first term characterised?",
        &["periods", "--year", "1994", "--columns", "id,character"],
        &["first-term\tstagnation"],
    ),
    (
        "Did anything happen in 1994-95?",
        &[
            "events",
            "--from",
            "1994",
            "--to",
            "1995",
            "--columns",
            "id",
        ],
        &["relations-stagnate"],
    ),
    // Part I §2: the second term
    (
        "When did Yeltsin's initiative toward Japan peak, and until when did the momentum last?",
        &["periods", "--text", "momentum", "--columns", "id,date"],
        &["momentum\t1997-23/1998-21"],
    ),
    (
        "What could rekindle the declining momentum?",
        &["show", "declining-momentum"],
        &["first year of Putin's presidency"],
    ),
    // §2(1) before Krasnoyarsk
    (
        "When did Foreign Minister Primakov visit Japan?",
        &["events", "--by", "primakov", "--columns", "id,date"],
        &["primakov-visit-1996\t1996-11"],
    ),
    (
        "Why was Yeltsin away at the time, and since when?",
        &["show", "heart-operation"],
        &["1996-11-05", "recover from his heart operation"],
    ),
    (
        "What suggestion did Primakov withdraw?",
        &[
            "proposals",
            "--by",
            "primakov",
            "--columns",
            "title,outcome",
        ],
        &["Defer the territorial issue to the next generation\twithdrawn"],
    ),
    (
        "What did Primakov propose for the disputed islands?",
        &["show", "joint-economic-activities"],
        &["without harming the legal position of the two sides"],
    ),
    (
        "On what day did Primakov make that proposal, and to whom?",
        &["show", "primakov-ikeda-talks"],
        &["1996-11-15", "ikeda"],
    ),
    (
        "How did the Japanese side react?",
        &[
            "positions",
            "--by",
            "japan",
            "--text",
            "positively",
            "--columns",
            "stance,proposal",
        ],
        &["favor\tjoint-economic-activities"],
    ),
    (
        "What approach did Primakov's proposal embody?",
        &["positions", "--by", "primakov", "--columns", "position"],
        &["realism and step-by-step progress"],
    ),
    // §2(2) Hashimoto's speech
    (
        "When did Hashimoto give his speech, and to whom?",
        &["show", "hashimoto-speech-1997"],
        &["1997-07-24", "keizai-doyukai"],
    ),
    (
        "Which link among the four countries did Hashimoto call the weakest?",
        &[
            "positions",
            "--by",
            "hashimoto",
            "--topic",
            "geopolitics",
            "--columns",
            "position",
        ],
        &["Japan-Russia is the weakest link"],
    ),
    (
        "Which principles did Hashimoto set for the territorial issue?",
        &["show", "hashimoto-three-principles"],
        &[
            "trust, mutual interest, and a long-term perspective",
            "trust, mutual benefit, and a long-term perspective",
        ],
    ),
    (
        "What did Hashimoto propose in energy?",
        &[
            "proposals",
            "--by",
            "hashimoto",
            "--topic",
            "energy",
            "--columns",
            "id,title",
        ],
        &["hashimoto-energy", "Siberia"],
    ),
    (
        "What did Hashimoto propose for young Russians?",
        &[
            "proposals",
            "--text",
            "young Russians",
            "--columns",
            "title",
        ],
        &["Business-training programmes"],
    ),
    (
        "What diplomacy did Hashimoto promote?",
        &[
            "positions",
            "--by",
            "hashimoto",
            "--text",
            "Silk Road",
            "--columns",
            "position",
        ],
        &["Eurasian or Silk Road diplomacy"],
    ),
    // §2(3) Krasnoyarsk
    (
        "When was the Krasnoyarsk summit, and do the sources agree on the date?",
        &[
            "events",
            "--text",
            "Krasnoyarsk",
            "--columns",
            "date,note,source",
        ],
        &["1997-11-01", "give 1-2 November", "(contradicts)"],
    ),
    (
        "What did Yeltsin propose at Krasnoyarsk?",
        &[
            "proposals",
            "--by",
            "yeltsin",
            "--year",
            "1997",
            "--columns",
            "title",
        ],
        &["Conclude the peace treaty by 2000"],
    ),
    (
        "How did the Japanese leadership take the 2000 deadline?",
        &["show", "japan-on-2000-deadline"],
        &["surprise for the Japanese leadership"],
    ),
    (
        "Who presented the Hashimoto-Yeltsin plan, and what are its fields?",
        &["show", "hashimoto-yeltsin-plan"],
        &[
            "hashimoto",
            "Field 1: Investment",
            "Field 6: Peaceful use of nuclear energy",
        ],
    ),
    (
        "How did Russia take the plan?",
        &[
            "positions",
            "--by",
            "russia",
            "--text",
            "surprised",
            "--columns",
            "proposal",
        ],
        &["hashimoto-yeltsin-plan"],
    ),
    // §2(4) Kawana
    (
        "When was the Kawana summit, and do the sources agree?",
        &["show", "kawana-summit"],
        &["1998-04-19", "18-19 April 1998", "contradicts"],
    ),
    (
        "What did Russia propose at Kawana, and what idea did it extend?",
        &["show", "marine-processing-factory"],
        &["derived_from", "joint-economic-activities"],
    ),
    (
        "What was Japan's Kawana proposal?",
        &["show", "kawana-proposal"],
        &[
            "between Urup and Etorofu",
            "administrative rights to Russia",
        ],
    ),
    (
        "Who opposed the Kawana proposal in Russia?",
        &["positions", "--text", "Kawana", "--columns", "actor,stance"],
        &["russia\tagainst", "russian-media\tagainst"],
    ),
    (
        "What answered the Kawana proposal?",
        &["show", "kawana-proposal"],
        &["led_to", "russian-answer-1998", "counters"],
    ),
    // §4, §5 geopolitics and Russian proposals
    (
        "What approach permeated Russian policy toward Japan?",
        &[
            "positions",
            "--by",
            "russia",
            "--topic",
            "geopolitics",
            "--columns",
            "position",
        ],
        &["multipolarity, Japan as a possible pole"],
    ),
    (
        "Whose thinking did it carry?",
        &["show", "russia-multipolarity"],
        &["imprint of Primakov's thinking"],
    ),
    (
        "Which proposals did Russia make, and when?",
        &["proposals", "--by", "russia", "--columns", "id,date"],
        &[
            "fishery-support\t1996-11",
            "joint-economic-activities\t1996-11-15",
            "marine-processing-factory\t1998-04-18/1998-04-19",
            "special-legal-regime\t1999-11",
        ],
    ),
    (
        "Is the November 1999 'special legal regime' confirmed by a second source?",
        &[
            "proposals",
            "--text",
            "legal regime",
            "--columns",
            "note,source",
        ],
        &["Unconfirmed", "fact-check (not confirmed)"],
    ),
    // Part II §1 five stages
    (
        "What are the five stages of Yeltsin's proposal, in order?",
        &["show", "five-stage"],
        &[
            "Stage 1: Officially acknowledge",
            "Stage 2: Make the islands a joint free-enterprise zone",
            "Stage 3: Demilitarize",
            "Stage 4: Sign a peace treaty",
            "Stage 5: Leave the final solution",
        ],
    ),
    (
        "Over what period were the first four steps to be carried out?",
        &["show", "five-stage-4"],
        &["fifteen-to twenty-year period"],
    ),
    (
        "Between which solutions would the new generation choose?",
        &["show", "five-stage-5"],
        &["joint administration", "reversion to Japan"],
    ),
    (
        "Why was the five-stage proposal a step forward, and is its stage order certain?",
        &["show", "five-stage-2"],
        &["Order reported"],
    ),
    // Part II §2 Japan's policy
    (
        "What policy replaced the inseparability of economics and politics?",
        &["positions", "--by", "japan", "--columns", "id,supersedes"],
        &[
            "japan-balanced-expansion\tjapan-inseparability",
            // The study text does not say the multilayered approach replaced it.
            "japan-multilayered\t\n",
        ],
    ),
    (
        "Did balanced expansion require economic cooperation to wait for territorial progress?",
        &["show", "japan-balanced-expansion"],
        &["did not require that progress on economic cooperation be delayed"],
    ),
    // Part II §2(1) the 1993 visit
    (
        "What were the two steps forward of Yeltsin's 1993 visit?",
        &[
            "events",
            "--from",
            "1993-10",
            "--to",
            "1993-10",
            "--columns",
            "id,date",
        ],
        &[
            "detainee-apology-1993\t1993-10-12",
            "tokyo-declaration-1993\t1993-10-13",
        ],
    ),
    (
        "How had Gorbachev referred to the detainees?",
        &["positions", "--by", "gorbachev", "--columns", "position"],
        &["sympathy, no apology"],
    ),
    (
        "When did Gorbachev visit Japan?",
        &["events", "--by", "gorbachev", "--columns", "id,date"],
        &["gorbachev-visit\t1991-04-16/1991-04-19"],
    ),
    // Part II §3 multilayered approach
    (
        "Since when was the multilayered approach applied?",
        &["show", "japan-multilayered"],
        &["1992/1998", "applied from 1992-93; more intensively in 1996-97"],
    ),
    (
        "When did the security dialogue accelerate, and what were its events?",
        &["events", "--topic", "security", "--columns", "id,date"],
        &[
            "security-dialogue\t1996/1997",
            "usui-in-moscow",
            "rodionov-in-japan",
        ],
    ),
    (
        "When was the fishing agreement signed, and by whom?",
        &["show", "fishing-agreement-1998"],
        &["1998-02-21", "obuchi", "nemtsov"],
    ),
    (
        "Is the September 1998 visa-free aid decision confirmed?",
        &[
            "events",
            "--year",
            "1998",
            "--topic",
            "humanitarian-exchange",
            "--columns",
            "id,source",
        ],
        &[
            "visa-free-aid-1998",
            "jamestown-4-203 (not confirmed)",
            // The embassy's note of 18 September 1998 confirms it.
            "worldjpn-1998-09-18 para. 1",
        ],
    ),
    (
        "When did Russia agree to visa-free visits by former residents?",
        &[
            "events",
            "--text",
            "former residents",
            "--columns",
            "date,date_text",
        ],
        &["1999-09-02\tSeptember 1999"],
    ),
    // Part II §5 summary
    (
        "By when had the no-necktie euphoria evaporated?",
        &[
            "events",
            "--text",
            "euphoria",
            "--columns",
            "date,date_text",
        ],
        &["1999-21\tBy spring 1999"],
    ),
    (
        "What did the opposed proposals show?",
        &["show", "euphoria-evaporates"],
        &["vast gap between their two nations"],
    ),
    // The whole era from public pages (issue 13): the years the study text passes over
    (
        "What happened in 1994?",
        &["events", "--year", "1994", "--columns", "id"],
        &[
            "naples-g7-1994",
            "first-joint-sar-exercise-1994",
            "shikotan-earthquake-1994",
            "soskovets-visit-1994",
        ],
    ),
    (
        "What did Soskovets sign?",
        &["events", "--by", "soskovets", "--columns", "id,type"],
        &["economic-agreements-1994\tagreement"],
    ),
    (
        "When did Russia first fire on Japanese boats in these years?",
        &[
            "sql",
            "SELECT date, id FROM events WHERE type = 'force' ORDER BY date_from LIMIT 1",
        ],
        // A Nemuro boat fired on, its captain badly hurt, in November 1993
        // (a chronology of the safe-fishing talks), before the boat
        // disabled near Anuchino in 1994 and the shooting of August 1996.
        &["1993-11-26\tnemuro-boat-fired-1993"],
    ),
    (
        "When did Russia seize Japanese boats?",
        &[
            "sql",
            "SELECT date, id FROM events WHERE type = 'coerce' ORDER BY date_from",
        ],
        &["1996-10\ttrawler-seizure-1996", "1998-10-31\tboat-seizure-1998"],
    ),
    (
        "Who visited whom in 1998?",
        &[
            "sql",
            "SELECT e.date, v.actor AS visitor, h.actor AS host FROM events e \
             JOIN event_actors v ON v.event = e.id AND v.role = 'visitor' \
             JOIN event_actors h ON h.event = e.id AND h.role = 'host' \
             JOIN actors va ON va.id = v.actor AND va.kind = 'person' \
             JOIN actors ha ON ha.id = h.actor AND ha.kind = 'person' \
             WHERE e.date_from <= '1998-12-31' AND e.date_to >= '1998-01-01' ORDER BY e.date_from",
        ],
        &[
            "1998-02-21/1998-02-23\tobuchi\tyeltsin",
            "1998-04-19\tyeltsin\thashimoto",
            "1998-05-31/1998-06-07\tnatsukawa\tkvashnin",
            "1998-07-13/1998-07-14\tkiriyenko\thashimoto",
            "1998-11-11/1998-11-13\tobuchi\tyeltsin",
        ],
    ),
    (
        "Where do sources disagree about the Kawana proposal?",
        &["proposals", "--text", "kawana", "--columns", "id,source"],
        &["kawana-proposal\tstudy I §2(4), II §5;", "jamestown-4-91 (contradicts)"],
    ),
    (
        "What exactly do they disagree on?",
        &["show", "kawana-proposal"],
        &["north of only the three southernmost islands", "Mainichi"],
    ),
    (
        "When did the first visa-free group cross, and the first Japanese one?",
        &["show", "first-visa-free-exchange"],
        &["1992-04-22", "22 April 1992", "11 May 1992"],
    ),
    (
        "When did Japan recognise Russia, and do the sources agree?",
        &["events", "--text", "recognises", "--columns", "date,source"],
        &["1991-12-27\thina-1991-12-27", "mid-tokyo-relations (contradicts)"],
    ),
    (
        "What did Kozyrev offer in 1992, and on whose word?",
        &["proposals", "--by", "kozyrev", "--columns", "id,outcome,source"],
        &["kozyrev-offer-1992\trejected\tjapantimes-2013-01-12"],
    ),
    (
        "When did Russia dump nuclear waste off Japan, and when did it stop?",
        &["events", "--text", "dump", "--columns", "id,date"],
        &["nuclear-dumping-1993\t1993-10-16", "dumping-halted-1993\t1993-10-21"],
    ),
    (
        "When did the Shikotan earthquake strike?",
        &["show", "shikotan-earthquake-1994"],
        &["1994-10-05", "magnitude 8.1", "11 people died"],
    ),
    (
        "When was the first joint naval rescue exercise, and is it undisputed?",
        &["events", "--text", "rescue", "--columns", "id,date,source"],
        &[
            "first-joint-sar-exercise-1994\t1994-09-14/1994-09-15",
            "jamestown-4-146 para. 1 (contradicts)",
        ],
    ),
    (
        "What did Foreign Minister Kono propose to Kozyrev in 1995?",
        &["proposals", "--by", "kono", "--year", "1995", "--columns", "id"],
        &[
            "troop-withdrawal-1995",
            "expand-exchanges-1995",
            "stop-firing-on-boats-1995",
        ],
    ),
    (
        "How did Kozyrev answer?",
        &["positions", "--by", "kozyrev", "--columns", "proposal,stance"],
        &[
            "troop-withdrawal-1995\tagainst",
            "expand-exchanges-1995\tfavor",
            "stop-firing-on-boats-1995\tneutral",
        ],
    ),
    (
        "Which proposals did Russia make in 1995?",
        &["proposals", "--by", "russia", "--year", "1995", "--columns", "id"],
        &[
            "fishing-talks-initiative-1995",
            "military-exchanges-1995",
            "military-cbm-list-1995",
        ],
    ),
    (
        "When did the fishing talks begin and end?",
        &[
            "events", "--topic", "fisheries", "--from", "1995", "--to", "1997", "--columns", "id,date",
        ],
        &[
            "fishing-talks-begin-1995\t1995-03",
            "fishing-talks-concluded-1997\t1997-12-30",
        ],
    ),
    (
        "What did Yeltsin say of Japanese aid after the Sakhalin earthquake?",
        &["positions", "--by", "yeltsin", "--year", "1995", "--columns", "position"],
        &["Japanese aid would be used to bargain for the islands"],
    ),
    (
        "When did Primakov suggest leaving the islands to the next generation?",
        &["show", "defer-to-next-generation"],
        &["1996-01/1996-06", "12 January 1996", "future generations"],
    ),
    (
        "How many Russian troops were on the islands in 1996?",
        &["show", "primakov-demilitarisation-1996"],
        &["3,500"],
    ),
    (
        "When did a Japanese defence chief first visit Moscow?",
        &["events", "--by", "usui", "--columns", "id,date"],
        &["usui-in-moscow\t1996-04-27/1996-04-29"],
    ),
    (
        "When did Japan release the loans frozen since 1991?",
        &["events", "--text", "export", "--year", "1996", "--columns", "id,date,note"],
        &["exim-loan-1996\t1996-11-15", "17 November"],
    ),
    (
        "When did Yeltsin first mention the Kurils in his annual address?",
        &["events", "--text", "annual address", "--columns", "id,date"],
        &["yeltsin-address-kurils-1997\t1997-03-06"],
    ),
    (
        "Which boat did a Russian patrol fire on in June 1997?",
        &["search", "Eiko Maru"],
        &["nemuro-shooting-1997"],
    ),
    (
        "Who was the first Russian defence minister in Japan, and for how long?",
        &["show", "rodionov-in-japan"],
        &["1997-05-16/1997-05-18", "first visit to Japan by a Russian defence minister"],
    ),
    (
        "Was the peace treaty concluded by 2000?",
        &["show", "peace-treaty-by-2000"],
        &["yeltsin", "never concluded by 2000"],
    ),
    (
        "What became of Yeltsin's treaty of peace, friendship and cooperation?",
        &["proposals", "--text", "friendship", "--columns", "id,outcome"],
        &["peace-friendship-treaty\tpending", "pfc-treaty-draft-1998"],
    ),
    (
        "When and where did Russia answer the Kawana proposal?",
        &["proposals", "--text", "answer", "--columns", "id,date,event"],
        &["russian-answer-1998\t1998-11-12\tobuchi-yeltsin-summit-1998"],
    ),
    (
        "Was the fishing agreement signed on 20 or 21 February 1998?",
        &[
            "events", "--text", "fishing agreement", "--year", "1998", "--columns", "date,source",
        ],
        &["1998-02-21\tstudy II §3;", "jamestown-4-99 (contradicts)"],
    ),
    (
        "When did Obuchi become Prime Minister?",
        &["show", "obuchi"],
        &["Prime Minister from 30 July 1998"],
    ),
    (
        "Who was the first Russian prime minister to visit Japan?",
        &["events", "--by", "kiriyenko", "--columns", "id,date"],
        &["kiriyenko-in-japan-1998\t1998-07-13/1998-07-14"],
    ),
    (
        "When was the joint peace-treaty commission set up?",
        &["events", "--text", "commission", "--year", "1998", "--columns", "id,date"],
        &["peace-treaty-commission-1998\t1998-01-22"],
    ),
    (
        "Did Yeltsin visit Japan in 1999?",
        &["events", "--year", "1999", "--by", "yeltsin", "--columns", "id,type"],
        &["yeltsin-visit-postponed-1999\treduce", "yeltsin-resigns-1999\tdomestic"],
    ),
    (
        "When did the first free visit of former residents take place, and where?",
        &["events", "--text", "free visit", "--columns", "date,place"],
        &["1999-09-11/1999-09-12\tShibotsu (Habomai)"],
    ),
    (
        "What did Ivanov tell Komura in February 1999?",
        &["positions", "--by", "Ivanov", "--year", "1999", "--columns", "position"],
        &["'not possible'"],
    ),
    (
        "When did Obuchi first meet Putin?",
        &["events", "--by", "putin", "--columns", "id,date"],
        &["obuchi-putin-auckland-1999\t1999-09-12"],
    ),
    (
        "In which language does the HINA report of Japan's recognition of Russia stand?",
        &["sources", "--text", "HINA", "--columns", "id,lang"],
        &["hina-1991-12-27\thr"],
    ),
    (
        "Where can I read the Tokyo Declaration's Article 2?",
        &["show", "tokyo-declaration-1993"],
        &["https://www.spf.org/islandstudies/jp/info_library/northern-01-history--01_history020.html", "(in Japanese) Quotes Article 2"],
    ),
    (
        "Who proposed the support for the fishery negotiations?",
        &["proposals", "--text", "fishery negotiations", "--columns", "id,proposer"],
        &["fishery-support\trussia"],
    ),
    (
        "Where does the Kurama's 1996 port call stand?",
        &["events", "--by", "japan", "--year", "1996", "--topic", "security", "--columns", "id,date"],
        &["kurama-in-vladivostok\t1996-07-26", "defence-protocol-1996\t1996-04-29"],
    ),
    // Names
    (
        "Which island is Iturup?",
        &["actors", "--by", "Iturup", "--columns", "id"],
        &["etorofu"],
    ),
    (
        "What are the Southern Kurils?",
        &["show", "Southern Kurils"],
        &["four-islands", "Northern Territories"],
    ),
    (
        "Who was Putin in the period?",
        &["show", "putin"],
        &["acting President from 31 Dec 1999"],
    ),
];

#[test]
fn every_question_is_answered() {
    assert!(QUESTIONS.len() >= 80);
    let mut failures = Vec::new();
    for (question, args, answers) in QUESTIONS {
        let out = Command::cargo_bin("rjkb")
            .unwrap()
            .args(*args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let missing: Vec<&&str> = answers.iter().filter(|a| !text.contains(**a)).collect();
        if !out.status.success() || !missing.is_empty() {
            failures.push(format!(
                "{question}\n  rjkb {}\n  missing {missing:?}\n  {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} unanswered:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
