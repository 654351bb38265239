#!/usr/bin/env python3
"""Rebuilds tests/bad_rules/<case>/ from the current rules/: each case is a
copy of the embedded rule files with one thing broken. Run from the crate
root after a schema change, then review the snapshots:

    python3 tests/bad_rules/make_cases.py
    INSTA_UPDATE=always cargo test --test robust_bad_rules   # then read snapshots/bad_rules__*.snap
"""
import os
import re
import shutil

BASE = "tests/bad_rules"


def case(name, fn):
    d = os.path.join(BASE, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    shutil.copytree("rules", d)
    fn(d)


def edit(d, f, old, new):
    p = os.path.join(d, f)
    s = open(p, encoding="utf-8").read()
    assert old in s, (d, f, old)
    open(p, "w", encoding="utf-8").write(s.replace(old, new, 1))


def empty_verbs(d):
    p = os.path.join(d, "verbs.toml")
    s = open(p, encoding="utf-8").read()
    open(p, "w", encoding="utf-8").write(s[: s.index("[[verb]]")])


def duplicate_id(d):
    p = os.path.join(d, "patterns.toml")
    s = open(p, encoding="utf-8").read()
    ids = re.findall(r'^id = "([^"]+)"', s, re.M)
    open(p, "w", encoding="utf-8").write(s.replace(f'id = "{ids[3]}"', f'id = "{ids[2]}"', 1))


def failing_example(d):
    # Only the most basic pattern is kept, so the case does not depend on
    # how the other patterns' examples fare as the engine changes.
    p = os.path.join(d, "patterns.toml")
    s = open(p, encoding="utf-8").read()
    head = s[: s.index("[[pattern]]")]
    pattern = """[[pattern]]
id = "quote-speaker-cue"
kind = "direct"
template = "{quote} ,? {speaker} {cue}"
examples = [
  '"We will win," Trump said.',
  'We will win, Trump said.',
]
allows = [
  '"Hamilton" is a musical that opened in 2015.',
  '"It is over," the senator said.',
]
"""
    open(p, "w", encoding="utf-8").write(head + pattern)


def many(d):
    edit(d, "verbs.toml", 'kinds = ["direct", "mixed", "indirect"]', 'kinds = ["direct", "mixd", "indirect"]')
    edit(d, "titles.toml", "\n", '\nhonorifics = ["Sir"]\n')
    edit(d, "patterns.toml", 'template = "{quote} ,? {speaker}', 'template = "{quote} {cue} ,? {speaker}')
    edit(d, "boilerplate.toml", "line_patterns = [\n", "line_patterns = [\n  '[z-a]',\n")


case("bad_toml", lambda d: edit(d, "verbs.toml", 'lemma = "tell"', 'lemma = "tell'))
case("unknown_key", lambda d: edit(d, "patterns.toml", 'kind = "direct"', 'kind = "direct"\nspeeker_from = "slot"'))
case("bad_regex", lambda d: edit(d, "boilerplate.toml", "line_patterns = [\n", "line_patterns = [\n  '^(Photo|Image credit\\s*$',\n"))
case("regex_too_large", lambda d: edit(d, "boilerplate.toml", "line_patterns = [\n", "line_patterns = [\n  '^(\\w{100}){100}\\p{L}{1000}$',\n"))
case("unknown_slot", lambda d: edit(d, "patterns.toml", 'template = "{quote} ,? {speaker}', 'template = "{qoute} ,? {speaker}'))
case("empty_verb_list", empty_verbs)
case("duplicate_id", duplicate_id)
case("failing_example", failing_example)
case("many_errors_gathered", many)
# a misspelt file name is an error (a missing file means the built-in one)
case("misnamed_file", lambda d: os.rename(os.path.join(d, "sources.toml"), os.path.join(d, "source.toml")))
# lexicon.toml may be left out (the built-in one is used, as in every case
# above made before it existed); these two break it
case("lexicon_duplicate", lambda d: edit(d, "lexicon.toml", "break_left = [\n", 'break_left = [\n  "whether", "",\n'))
case("lexicon_unknown_key", lambda d: edit(d, "lexicon.toml", "break_left = [", "brake_left = ["))
