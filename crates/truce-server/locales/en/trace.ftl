# A finding's rule trace, step by step: the rules' own explanation (kept in
# English in the record and the API), said in the page's language.
check-party = party
check-period = period
check-act = act
check-means = means
check-target = target
check-zone = zone
check-sources = sources
check-status = status
check-decision = decision
outcome-pass = yes
outcome-fail = no
outcome-unknown = not known

trace-sources = { $support ->
    [one] one supporting report
   *[other] { $support } supporting reports
} from { $voices ->
    [one] one voice
   *[other] { $voices } voices
} ({ $graded } adequately graded); { $denials ->
    [0] no denial
    [one] one denial
   *[other] { $denials } denials
}
trace-sources-denied = { $support ->
    [one] one supporting report
   *[other] { $support } supporting reports
} from { $voices ->
    [one] one voice
   *[other] { $voices } voices
} ({ $graded } adequately graded); { $denials ->
    [one] one denial
   *[other] { $denials } denials
} by { $deniers }
trace-status = { $status }: { $why }; confidence: { $confidence }
trace-why-not-bound = the commitment does not bind this party
trace-why-out-of-scope = the incident is outside what this reading prohibits
trace-why-outside-period = the event happened outside this reading's period
trace-why-undecidable = what is known cannot decide whether this reading applies
trace-why-no-party = no report says who is responsible
trace-why-denied = denied by { $deniers }
trace-why-others-blame = other reports blame { $others }
trace-why-agree = { $n } independent voices agree: { $voices }
trace-why-no-support = no report supports it
trace-why-one-voice = one voice only: { $voices }
trace-why-poorly-graded = { $n } voices, but only { $graded } adequately graded (not E/F, not 5/6)
trace-party-unknown = no report names who is responsible
trace-party-bound = { $party } is bound by “{ $commitment }”
trace-party-not-bound = { $party } is not bound by “{ $commitment }” (it binds { $binds })
trace-period-inside = the event lies between { $from } and { $to }; reading “{ $reading }” runs from { $start } to { $end }: inside
trace-period-outside = the event lies between { $from } and { $to }; reading “{ $reading }” runs from { $start } to { $end }: outside
trace-period-straddles = the event lies between { $from } and { $to }; reading “{ $reading }” runs from { $start } to { $end }: partly inside, partly outside (the time is not known precisely enough)
trace-zone-anywhere = the reading applies anywhere
trace-zone-no-place = the incident has no known place, so whether it is in zone “{ $zone }” is unknown
trace-zone-no-shape = zone “{ $zone }” has no shape
trace-zone-inside = the place ({ $lat }, { $lon }, within { $radius } km) is inside zone “{ $zone }”, { $edge } km from its edge
trace-zone-outside = the place ({ $lat }, { $lon }, within { $radius } km) is outside zone “{ $zone }”, { $edge } km from its edge
trace-zone-uncertain-inside = the place ({ $lat }, { $lon }) is inside zone “{ $zone }” but only { $edge } km from its edge, less than its uncertainty of { $radius } km
trace-zone-uncertain-outside = the place ({ $lat }, { $lon }) is outside zone “{ $zone }” but only { $edge } km from its edge, less than its uncertainty of { $radius } km
trace-scope-any = the reading covers any { $check }
trace-scope-unknown = the reports do not say which { $check }; the reading covers only { $allowed }
trace-scope-covered = { $known } is covered ({ $allowed })
trace-scope-not-among = { $known } is not among { $allowed }
trace-site-inferred = inferred: { $report } names no target but lies { $km } km from { $site }, a site of class “{ $class }”
trace-site-near = { $report } is { $km } km from { $site }
trace-decided = { $status } by two adjudicators (the rules say { $rules })
