// The replay report's filter: progressive enhancement over a page that
// reads in full without it. It only reads the data-* attributes and the
// text the page already holds, and writes `hidden`, option elements and a
// count; it never builds markup from strings. The page's
// Content-Security-Policy allows this script, by its SHA-256, and no other.
(function () {
  'use strict';
  var form = document.getElementById('filter');
  if (!form) return;
  var docs = Array.prototype.slice.call(document.querySelectorAll('details.doc'));
  var lists = {rule: 'data-rules', category: 'data-categories', decision: 'data-decision',
               evasion: 'data-evasions', field: 'data-fields'};
  var names = ['rule', 'category', 'decision', 'evasion', 'field', 'meta'];

  function values(doc, name) {
    if (name === 'meta') {
      var pairs = [];
      Array.prototype.forEach.call(doc.attributes, function (attribute) {
        if (attribute.name.indexOf('data-meta-') === 0) {
          pairs.push(attribute.name.slice(10) + '=' + attribute.value);
        }
      });
      return pairs;
    }
    var text = doc.getAttribute(lists[name]);
    return text ? text.split(' ') : [];
  }

  function fillOptions(name) {
    var select = form.elements[name];
    var counts = new Map();
    docs.forEach(function (doc) {
      values(doc, name).forEach(function (value) {
        if (value) counts.set(value, (counts.get(value) || 0) + 1);
      });
    });
    Array.from(counts.keys()).sort().forEach(function (value) {
      select.add(new Option(value + ' (' + counts.get(value) + ')', value));
    });
  }

  function matches(doc, text) {
    var wanted = names.every(function (name) {
      var want = form.elements[name].value;
      return !want || values(doc, name).indexOf(want) >= 0;
    });
    return wanted && (!text || doc.textContent.toLowerCase().indexOf(text) >= 0);
  }

  function apply() {
    var text = form.elements.q.value.toLowerCase();
    var filtering = text !== '' || names.some(function (name) { return form.elements[name].value; });
    var shown = 0;
    docs.forEach(function (doc) {
      var keep = matches(doc, text);
      doc.hidden = !keep;
      if (keep) shown++;
    });
    docs.forEach(function (doc) {
      if (filtering && !doc.hidden && shown <= 50) doc.open = true;
    });
    document.getElementById('filter-count').textContent =
        shown + ' of ' + docs.length + ' documents shown';
  }

  names.forEach(fillOptions);
  var query = new URLSearchParams(window.location.search);
  names.concat(['q']).forEach(function (name) {
    var value = query.get(name);
    if (value !== null) form.elements[name].value = value;
  });
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
  document.documentElement.setAttribute('data-filter', 'ready');
})();
