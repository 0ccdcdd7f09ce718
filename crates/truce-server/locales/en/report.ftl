# The period compliance report: the page, and the HTML, PDF and Markdown
# downloads (`truce report --lang en`).
report-title = Compliance report: { $agreement }
report-period = { $from } to { $to } ({ $zone }), { $view }. Generated { $at }.
report-view-mission = mission view
report-view-public = public view
report-basis = Evaluation of { $at } (agreement version { $version }, reference data { $reference }, { $n ->
    [one] { $n } report
   *[other] { $n } reports
}).
report-basis-log = Evaluation of { $at } (agreement version { $version }, reference data { $reference }, { $n ->
    [one] { $n } report
   *[other] { $n } reports
}, evidence log size { $size }).
report-no-evaluation = No evaluation has run yet.
report-lede = Findings of incidents that started in the period, by party judged and status; in brackets the change from the previous period of the same length.
report-no-findings = No findings.
report-none = None.
report-col-party = party
report-col-total = total
report-chart-title = { $commitment } — { $reading }: findings per day by party
report-chart-x = Day ({ $zone })
report-chart-y = Findings per day
report-map-heading = Map of the period's incidents
report-map-count = { $n ->
    [one] { $n } incident started in the period
   *[other] { $n } incidents started in the period
}
report-map-count-limited = More than { $n } incidents started in the period: the map is of the latest { $n }
report-map-drawn = { $count }; { $drawn } lie within the map, each marked by its most serious finding.
report-map-drawn-md = { $count }; { $drawn } are drawn on the map (in the HTML and PDF).
report-finding = { $commitment } — { $reading }; against { $party }.
report-incident = Incident { $code }.
report-independent = independent
report-col-log-entry = log entry
report-col-report = report
report-col-source = source
report-col-for = for
report-col-stance = stance
report-col-time = time
report-decision = { $action } ({ $at })
report-decision-logged = { $action } ({ $at }, log entry { $entry })
report-decisions = Decisions: { $list }.
report-log-entries = Log entries: { $list }.
report-more = …and { $n } more.
report-more-export = …and { $more } more ({ $code }).
report-tallies = Air attacks (tallies)
report-col-launched-by = launched by
report-col-weapon = weapon
report-col-launched = launched
report-col-destroyed = destroyed
report-col-days = days
report-not-named = not named
report-methods = Methods
report-rests-on = What this report rests on
report-log-basis = { $entries }, root hash { $code }.
report-log-entries-first = { $n ->
    [one] The evidence log's first entry
   *[other] The evidence log's first { $n } entries
}
report-checkpoint = The latest signed checkpoint covering them:
report-no-log-size = No evaluation with a recorded log size.
report-reproduce = Made again with: { $code } (on a workspace whose log verifies against the checkpoint above).
report-span = from { $from } to { $to }
report-method-agreement = Agreement “{ $title }”, version { $version }, between { $parties }; in force { $periods }. Days are counted in { $zone }.
report-method-no-period = without a stated period
report-reading = { $commitment } — { $reading }
report-reading-of = { $commitment } — { $reading } (the reading of { $party })
report-method-reading = { $title }: binds { $binds }; { $period }; acts: { $acts }; means: { $means }; targets: { $targets }; area: { $area }.
report-every-party = every party
report-any = any
report-anywhere = anywhere
report-method-correlation = Reports are grouped into incidents when their times overlap (each widened by { $slack } min) and their places lie within the sum of their radii plus { $km } km (radius by place precision: exact { $exact } km, settlement { $settlement } km, near a settlement { $near } km, region { $region } km); agreeing target names widen both by { $widen }×. A finding is confirmed or rejected only by two adjudicators.
report-method-counts = Counts are of findings of incidents that started in the period, by the party judged and the status; the change in brackets is against the period of the same length just before. The public view counts published incidents only.
