"""Within-article coreference for speakers: a quotation's source as written ("he", "the minister",
"the group", "the statement", "Rutte") resolved to the entity it stands for, or to no one.

A multi-pass sieve after Stanford's (Lee et al. 2013), kept as cheap and explainable as Citron's
resolver: each pass reads one kind of evidence, the precise ones first, and says the entity, says
that the source is no one the article names (`NOBODY`: the speaker stays null and no later pass
may guess), or passes the source on. The passes, in `speakers.PASSES` order:

1. `named.speaker_label`: a transcript's speaker label or initials; a name the tagger missed this
   time (a person's surname, an organisation's name as written).
2. `named.titled_person`: a person named with a title or in apposition ("Bank president Okey Oramah").
3. `named.head_name`: the name the source's head word is.
4. `named.apposition`: the name in apposition to it ("One news site, Znak.com,").
5. `named.described_name`: the name after the noun describing it ("producer Who Gives a Crap").
6. `named.body_named_before`: the organisation named before a noun for its kind ("the NHS agency").
7. `named.body_of_its_leader`: a body a person's possessive names ("Clinton's campaign") to the one
   the article names after them ("the Clinton campaign").
8. `named.introduced_name`: the name a clause introduces it by ("a protester named Katya").
9. `named.split_name`: a compound name the tagger split.
10. `documents.document`: documents and spokespeople to their issuer ("the statement" -> Number 10).
11. `descriptions.description`: roles and descriptions to the one person or organisation they fit;
    a writer's variation on a name no one fits ("the Vermont senator") to the person it follows on from.
12. `antecedents.pronoun`: pronouns by agreement and salience.

A wrong speaker is worse than none: a pass that is unsure passes, and a source no pass resolves
leaves the speaker null.
"""
