// rjkb's finder: filters the records in search-index.js by year, actor,
// topic and words, on the page, with no network. Text from the data is
// only ever set as textContent, never parsed as markup.
"use strict";
(function () {
  var form = document.getElementById("finder");
  var status = document.getElementById("finder-status");
  var results = document.getElementById("finder-results");
  var index = window.rjkbIndex;
  if (!form || !status || !results || !index) {
    return;
  }
  var fold = function (text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var texts = index.records.map(function (r) {
    return fold(r.title + " " + r.text);
  });
  var most = 200;

  function matches(record, at, asked) {
    if (asked.year && !(record.from && record.from <= asked.year + "-12-31" &&
        record.to >= asked.year + "-01-01")) {
      return false;
    }
    if (asked.actor && !asked.actor.has(at)) {
      return false;
    }
    if (asked.topic && record.topic !== asked.topic) {
      return false;
    }
    return asked.words.every(function (word) {
      return texts[at].indexOf(word) >= 0;
    });
  }

  function item(record) {
    var li = document.createElement("li");
    var date = document.createElement("span");
    date.className = "date";
    date.textContent = record.date;
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = record.kind;
    var link = document.createElement("a");
    link.href = record.href;
    if (record.own) {
      // The words in the title's own language, marked as such; the
      // translation after them (or nothing) as it is.
      var own = document.createElement("span");
      own.lang = record.lang;
      own.textContent = record.own;
      var at = record.title.indexOf(record.own) + record.own.length;
      link.append(own, record.title.slice(at));
    } else {
      link.textContent = record.title;
    }
    li.append(date, " ", kind, " ", link);
    if (record.disputed) {
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = "disputed";
      li.append(" ", badge);
    }
    return li;
  }

  function run(event) {
    if (event && event.type === "submit") {
      event.preventDefault();
    }
    var words = fold(form.elements.words.value).split(/\s+/).filter(Boolean);
    var actor = form.elements.actor.value;
    var asked = {
      year: form.elements.year.value,
      actor: actor ? new Set(index.actors[actor] || []) : null,
      topic: form.elements.topic.value,
      words: words
    };
    results.replaceChildren();
    if (!asked.year && !asked.actor && !asked.topic && words.length === 0) {
      status.textContent = "Choose a year, an actor or a topic, or type words.";
      return;
    }
    var found = [];
    index.records.forEach(function (record, at) {
      if (matches(record, at, asked)) {
        found.push(record);
      }
    });
    found.slice(0, most).forEach(function (record) {
      results.append(item(record));
    });
    status.textContent = found.length === 1 ? "1 record." :
      found.length + " records" + (found.length > most ? ", the first " + most + " shown." : ".");
  }

  form.hidden = false;
  form.addEventListener("input", run);
  form.addEventListener("submit", run);
  run();
})();
