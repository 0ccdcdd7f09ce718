# How the statement reader read a field (the review of statements). The
# English must read as truce-ingest's `Why::english` (a test compares them).
why-source-speaks-for = the source "{ $source }" speaks for { $party }
why-speaker-named = the statement names its speaker
why-side-words = words only { $side ->
    [ukraine] Ukraine
   *[russia] Russia
}'s side uses
why-ukrainian-statement = a statement in Ukrainian, from the Ukrainian side
why-speaker-unknown = the speaker is not known
why-denies-for-itself = the speaker denies on its own behalf
why-named-denying = named as denying
why-named-doer = named as the doer
why-named-doer-elsewhere = named as the doer elsewhere in the statement
why-implied-own-ground = implied: { $side ->
    [ukraine] Ukraine
   *[russia] Russia
} reports an attack on its own territory
why-implied-other-ground = implied: { $side ->
    [ukraine] Ukraine
   *[russia] Russia
} reports a strike on the other side's territory without naming who struck
why-no-party-for-side = the agreement names no party for { $side ->
    [ukraine] Ukraine
   *[russia] Russia
}
why-own-side-doer = the speaker names its own side as the doer
why-near = near { $place }
why-district-of = a district of { $place }, named in the statement
why-district-around = the district around { $place }
why-target-named-after = the target is named after { $place }
why-tally-no-place = a tally of weapons over the country: no one place
why-one-weapon = the one weapon the statement names
why-several-weapons = the statement names several weapons and does not say which hit
why-hit-is-strike = a target named as hit, without an act word: a strike
why-date = { $date }
why-night-ending = the night ending on { $date }
why-weekday = { $weekday } on or before publication: { $date }
why-today = the day of publication: { $date }
why-yesterday = the day before publication: { $date }
why-day-before-yesterday = two days before publication: { $date }
why-past-day = the past day, counted back from publication: { $date }
why-month = the month { $month }
why-night-ending-publication = the night ending on the day of publication, { $date }
why-publication-day = the day of publication, { $date }
why-no-time-words = no time words: the day of publication, { $date }
why-evening = in the evening
why-at = at { $time }
