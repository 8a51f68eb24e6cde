//! Questions a reader of the study text would ask, each as an rjkb
//! invocation and the words its answer must contain. Written from a
//! sentence-by-sentence read of seed/texts/togo-yeltsin-era.txt and of the
//! facts checked against public sources.

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
        &["1997-11-01", "1-2 November 1997", "(contradicts)"],
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
        &["answered_by", "russian-answer-1998", "counters"],
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
            "marine-processing-factory\t1998-04-19",
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
            "japan-multilayered\tjapan-balanced-expansion",
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
        &["1992/1993", "1992-93"],
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
        &["visa-free-aid-1998", "hoppou (not confirmed)"],
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
    assert!(QUESTIONS.len() >= 40);
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
