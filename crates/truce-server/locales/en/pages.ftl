# The frame every page shares.
nav-main = Main
nav-overview = Overview
nav-map = Map
nav-incidents = Incidents
nav-agreement = Agreement
nav-queue = Review queue
nav-statements = Statements
nav-report = Submit a report
nav-glossary = Glossary
nav-language = Language
sign-in = Sign in
sign-out = Sign out
footer-log = Every report and decision is on a signed, tamper-evident log:
footer-checkpoint = checkpoint

# Shared words.
party = Party
none-yet = None yet.
place-unknown = place unknown
all-incidents = All incidents
latest-incidents = Latest incidents
card-alleged = alleged by
yes = yes
nobody = nobody
against = against
n-reports = { $n ->
    [one] { $n } report
   *[other] { $n } reports
}

# Overview.
overview-lede-staff = All { $reports } reports and { $incidents } incidents, judged against each commitment and each party's reading of it.
overview-lede-public = What the mission has published, judged against each commitment and each party's reading of it.
overview-evaluated = Last evaluated { $when }.
overview-no-findings = No findings under this reading yet.
overview-no-findings-published = No findings published under this reading yet.
overview-table-caption = Findings by party alleged responsible and status
overview-chart-caption = Each row is the party alleged responsible; all charts on this page share one date axis and one scale.
chart-title = { $commitment } — { $reading }: findings per day by party alleged responsible
chart-day = Day ({ $zone })

# Incident.
incident-title = Incident { $id }
incident-what = { $act } with { $means } on { $target }
fact-when = When
fact-where = Where
fact-what = What
fact-disputed = Disputed
fact-findings = Findings
fact-reports = Reports
fact-published = Published
fact-assigned = Assigned to
not-located = not located
place-coarsened = shown to the public only roughly (the exact place is known to the mission)
published-no = no (visible to the mission only)
n-reports-unpublished = { $n ->
    [one] { $n } report not yet published (they joined later; publish again to include them)
   *[other] { $n } reports not yet published (they joined later; publish again to include them)
}
reports-intro = Who claims what, grouped by side. Grading is the Admiralty scale: source reliability A–F, information credibility 1–6.
card-says = Says
card-grading = Grading
card-id = Id
log-entry = log entry
source-link = source link
no-reports-visible = No report of this incident is visible to you.
findings-intro = Each commitment reading, judged by the rules; a finding shows confirmed or rejected only after two different adjudicators agree.
ships-near = Ships near it
ships-intro = Vessels heard by AIS within 50 km, from 12 hours before to 12 hours after the incident; their closest heard position.
ship-vessel = Vessel
ship-mmsi = MMSI
ship-kind = What it says it is
ship-closest = Closest
ship-zone = In the zone
ship-no-name = name not given
ship-military = military (AIS ship type 35)
ship-type = AIS ship type { $t }
ship-no-type = type not given
decisions = Decisions
no-decision = No decision yet.
incident-json = This incident as JSON

# Glossary.
glossary-lede = The words Truce uses for what a finding says, how a source is graded and what a report claims.
glossary-statuses = Statuses of a finding
glossary-statuses-intro = A finding is one incident judged against one reading of one commitment, for one party.
glossary-readings = Readings
glossary-readings-intro = The parties read the same commitment differently (when it began, which facilities it covers). Each way of reading it is a reading, and every finding says which reading it applies.
glossary-grading = Grading (the Admiralty scale)
glossary-grading-intro = Each report is graded twice: the reliability of its source (A–F) and the credibility of the information (1–6). "B2" is a usually reliable source saying something probably true.
glossary-stances = Stances of a report

# Statuses: the word on a badge, then what it means.
status-confirmed = confirmed
status-corroborated = corroborated
status-disputed = disputed
status-alleged = alleged
status-insufficient = insufficient
status-rejected = rejected
status-outside-period = outside period
status-not-covered = not covered
status-about-confirmed = Two adjudicators agreed that the violation happened.
status-about-corroborated = Independent sources of good standing support the claim of a violation.
status-about-disputed = Sources contradict each other on what happened or who did it.
status-about-alleged = A violation is claimed, but no independent source supports it yet.
status-about-insufficient = Too little is known to judge (time, place or target unclear).
status-about-rejected = Two adjudicators agreed that it was not a violation.
status-about-outside-period = It happened outside the period in which this reading applies.
status-about-not-covered = What happened is not something this reading prohibits.

# Stances.
stance-alleges = alleges
stance-denies = denies
stance-confirms = confirms
stance-observes = observes
stance-about-alleges = The source says the event happened and names who did it.
stance-about-denies = The source (usually the accused) says it did not happen or was not theirs.
stance-about-confirms = The source confirms, typically a party acknowledging its own act.
stance-about-observes = A neutral observation: a monitor, a sensor, a journalist on the spot.

# Admiralty scale.
reliability-A = completely reliable
reliability-B = usually reliable
reliability-C = fairly reliable
reliability-D = not usually reliable
reliability-E = unreliable
reliability-F = reliability cannot be judged
reliability-about-A = No doubt about authenticity, trustworthiness or competence; a history of complete reliability.
reliability-about-B = Minor doubt; a history of mostly valid information.
reliability-about-C = Doubt; has provided valid information in the past.
reliability-about-D = Significant doubt; has provided valid information in the past.
reliability-about-E = Lacking authenticity, trustworthiness and competence; a history of invalid information.
reliability-about-F = Not enough is known of the source to judge it.
credibility-1 = confirmed by other sources
credibility-2 = probably true
credibility-3 = possibly true
credibility-4 = doubtful
credibility-5 = improbable
credibility-6 = truth cannot be judged
credibility-about-1 = Confirmed by other independent sources; logical and consistent with what else is known.
credibility-about-2 = Not confirmed; logical and consistent with what else is known.
credibility-about-3 = Not confirmed; reasonably logical; agrees with some other information.
credibility-about-4 = Not confirmed; possible but not logical; no other information on it.
credibility-about-5 = Not confirmed; not logical; contradicted by other information.
credibility-about-6 = There is no basis to judge the information.

# Confidence (ICD 203).
confidence-almost-no-chance = almost no chance
confidence-very-unlikely = very unlikely
confidence-unlikely = unlikely
confidence-roughly-even-chance = roughly even chance
confidence-likely = likely
confidence-very-likely = very likely
confidence-almost-certain = almost certain

# How precisely a place is known.
known-exact = known exact
known-settlement = known settlement
known-near-settlement = known near-settlement
known-region = known region
known-country = known country

# Report form.
form-lede-party = Reports submitted here are filed as party { $party }'s claims.
form-lede-mission = Reports submitted here are filed as the mission's own observations.
form-lede-log = Every report is kept and goes on the evidence log.
form-open-incident = Open incident { $id }
form-not-accepted = The report was not accepted:
form-when = When it happened
form-when-placeholder = 2025-04-06 03:10 or 2025-04-06
form-how-exactly = How exactly
form-as-written = as written
form-when-help = A date, or a date and time; without a zone it is { $zone } time.
form-place = Place name
form-lookup = Look up the place
form-latitude = Latitude
form-longitude = Longitude
form-act = What happened
form-means = With what
form-target = Against what
form-target-name = Target's name
form-by-whom = By whom
form-unknown = unknown
form-stance = The report
form-choose = choose…
form-choose-unknown = choose… (unknown if not known)
form-reference = Your reference (optional)
form-text = Text
form-url = Source address (optional)
form-submit = Submit the report
precision-minute = to the minute
precision-hour = within the hour
precision-day = that day
precision-week = that week
precision-month = that month

# Sign-in.
login-lede = Monitors, adjudicators, administrators and party liaison officers sign in here. Everyone else can read what the mission has published without an account.
login-name = Name
login-password = Password

# Incident list and its filters.
list-none = No incident matches these filters.
list-status = Status
list-older = Older incidents
filters = Filters
filter-commitment = Commitment
filter-reading = Reading
filter-from = From
filter-to = To
filter-region = Region
filter-search = Search
filter-search-hint = words in the reports
filter-search-hint-public = a place or target
filter-apply = Apply
filter-any = any

# What the reports of an incident say, side by side.
unnamed-party = an unnamed party
side-claims-by = Claims by { $name } ({ $id })
side-independent = Independent sources (the mission, sensors, the press)
side-independent-short = Independent sources
dispute-says = says { $act } by { $who } with { $means }
dispute-denies = denies { $act } by { $who } with { $means }
says-what = { $act } by { $by } with { $means } on { $target }
says-alleges = Alleges a { $what }.
says-denies = Denies a { $what }.
says-confirms = Confirms a { $what }.
says-observes = Observed: a { $what }.
says-fire = A fire seen by satellite here, then: independent evidence that something burned, naming no one.

chart-per-day = Findings per day

# Review on the incident page (staff).
rules-say = The rules say
decided = decided
by-two-adjudicators = by two adjudicators.
votes = Votes:
voted-already = You have voted on this finding; a second adjudicator decides with you.
review-reason = Reason
review-confirm = Confirm violation
review-reject = Reject
review-propose = Propose
review-propose-button = Propose to the adjudicators
internal-notes = Internal notes
none = None.
review = Review
review-release = Release this incident
review-take = Take this incident
review-merge-title = Merge with another incident
review-other-id = Other incident id
review-nearby = Nearby within a day:
review-merge = Merge
review-split-title = Split off reports
review-split-numbers = Report numbers (#), comma-separated
review-split = Split
review-correct-title = Correct a report's classification
review-report-number = Report number (#)
review-act = What happened (act)
review-means = With what (means)
review-target = Against what (target class)
review-perpetrator = By whom (perpetrator)
unchanged = unchanged
review-correct = Record the correction
review-note-title = Internal note
review-note = Note (never shown to parties or the public)
review-note-add = Add note
review-publish-later = Publish the reports that joined later
review-publish-title = Publish
review-publish = Publish to parties and the public

## Period compliance report
nav-period = Period report
period-title = Period compliance report
period-lede-mission = The mission's view: every finding of the incidents that started in the period, with the change from the previous period of the same length.
period-lede-public = The public view: findings of published incidents only, with the change from the previous period of the same length.
period-from = From
period-to = To
period-commitment = Commitment
period-format = Format
period-all-commitments = All commitments
period-show = Show
period-download = Download
period-bad-date = { $field }: “{ $value }” is not a date. Write it as year-month-day, for example 2025-03-25.
period-bad-order = The period ends ({ $value }) before it starts: choose a “{ $field }” date on or after the “From” date.
period-too-long = { $field }: a report covers at most ten years; choose a shorter period.
period-bad-format = { $field }: “{ $value }” is not a format this report comes in (html, md, json or pdf).
period-bad-commitment = { $field }: the agreement has no commitment “{ $value }”.
conflict-title = Already decided
conflict-reason-kept = What you typed, kept for you:
conflict-back = Back to the incident
decision-title = Decision { $n }
decision-what = What
decision-who = Who
decision-when = When
decision-incident = Incident
decision-finding = Finding
decision-reason = Reason
decision-log-entry = Log entry
decision-proof = inclusion proof (JSON)

# The review queue.
queue-title = Review queue
queue-lede = Incidents with findings that may be violations and no verdict yet, and leads (a fire seen by satellite at a protected site that no report mentions). Take an incident before working on it, so that two people do not review the same one; a taken incident is held for eight hours. Tick several to take them at once.
queue-against = Against
queue-assigned = Assigned to
queue-assigned-anyone = anyone
queue-assigned-me = me
queue-assigned-nobody = nobody
queue-sort = Order
queue-sort-oldest = oldest first
queue-sort-newest = newest first
queue-sort-serious = most serious first
queue-sort-reports = most reports first
queue-empty = Nothing waits for review.
queue-full = The first 200 are shown; narrow the filters to see the others.
queue-select = Select
queue-lead = lead: fire at a protected site, no report
queue-open = { $n ->
    [one] { $n } open finding
   *[other] { $n } open findings
}
queue-age = { $n ->
    [0] today
    [one] { $n } day ago
   *[other] { $n } days ago
}
queue-free = free
queue-take = Take the selected incidents
queue-took-none = No incident was selected.
queue-took = { $n ->
    [0] No incident was taken.
    [one] Took { $n } incident.
   *[other] Took { $n } incidents.
}
queue-held = Already held by others: { $which }.
list-download = Download this list
list-download-findings = findings
list-on-map = on the map

## Refused rows
rejections-title = Refused rows
rejections-lede = Rows that could not be accepted, from a file, a feed or a submission through the API: where each came from, the field at fault and the reason, and the row as it was read. A refused row is not a report and is judged nowhere; fix it at its source and send it again. The rows of the same file that were good were kept.
rejections-none = No row has been refused.
rejections-by-file = By file
rejections-file = File
rejections-rows = Refused rows
rejections-latest = Latest
rejections-all = { $n ->
    [one] The { $n } refused row, newest first
   *[other] All { $n } refused rows, newest first
}
rejections-of-file = Refused rows of { $file }, newest first
rejections-show-all = (show every file)
rejections-none-here = None.
rejections-when = Refused
rejections-where = Where
rejections-line = line { $line }
rejections-field = Field
rejections-reason = Reason
rejections-row = The row as read
rejections-older = Older rows
rejections-json = Refused rows as JSON
queue-refused = { $n ->
    [one] { $n } row was refused at intake:
   *[other] { $n } rows were refused at intake:
}
queue-refused-see = see why

## Error pages
error-400 = The request could not be read
error-401 = Sign in
error-403 = Not for this account
error-404 = Not found
error-405 = Not allowed here
error-409 = In conflict with the record
error-413 = Too large
error-422 = Cannot be done
error-429 = Too many requests
error-500 = Something went wrong
error-503 = Not available now
error-sign-in-needed = This page is for the mission's monitors and adjudicators and the parties' liaison offices: sign in to see it.
error-back = Back to the overview

## The map
map-title = Map
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-whole = Whole map
map-whole-title = Show the whole map
map-play = Play
map-pause = Pause
map-all-dates = All dates
map-per-day = Incidents per day.
map-per-day-drag = Incidents per day: drag across the days to show only those.
map-count = { $n ->
    [one] { $count } incident
   *[other] { $count } incidents
}
map-count-of = { $n ->
    [one] { $shown } of { $count } incident
   *[other] { $shown } of { $count } incidents
}
map-range = from { $from } to { $to }
map-capped = (of the first { $max }; narrow the filters to see the rest)
map-outside = { $n ->
    [one] { $n } more lies outside this map's area
   *[other] { $n } more lie outside this map's area
}
map-and = and
map-unplaced = { $n ->
    [one] { $n } has no known place
   *[other] { $n } have no known place
}
map-see-list = see the list
map-precision = Point at an incident to see how precisely its place is known (the grey circle).
map-coarsened = Positions are coarsened for the public.
map-tracks = { $n ->
    [one] Lines: the track of { $n } ship heard by AIS in these days (red: military).
   *[other] Lines: the tracks of { $n } ships heard by AIS in these days (red: military).
}
map-tracks-hint = Choose a range of up to three days to see ships' tracks.
map-credits = Boundaries: Natural Earth (public domain). Places: GeoNames (CC BY 4.0).
map-svg-title = Map of incidents
map-svg-desc = { $in_range } of { $total } incidents are shown on the map ({ $shown } lie within its area); longitude { $west } to { $east }, latitude { $south } to { $north }.
map-track = { $name } (MMSI { $mmsi }){ $military ->
    [yes] , military
   *[no] {""}
}: { $n ->
    [one] { $n } position
   *[other] { $n } positions
}
map-cluster-list = { $n ->
    [one] { $count } incident at one place: list it
   *[other] { $count } incidents at one place: list them
}
map-cluster-zoom = { $n ->
    [one] { $count } incident here: zoom in
   *[other] { $count } incidents here: zoom in
}

## The agreement
agreement-title = Agreement
agreement-parties = Parties
agreement-binds = Binds { $parties }.
agreement-as-read-by = (as { $party } reads it)
agreement-period = Period
agreement-acts = Acts
agreement-means = Means
agreement-targets = Targets
agreement-zone = Zone
agreement-any = any
agreement-anywhere = anywhere
agreement-family = { $family } (every kind)
agreement-tallies = Air-attack tallies over the period
agreement-tallies-about = Weapons the published tallies say were launched each day, by class; reconnaissance drones are not covered by this commitment.
agreement-tallies-chart = { $commitment }: weapons launched per day by class (air-attack tallies)
agreement-weapon-class = Weapon class
agreement-launched = Launched
agreement-destroyed = Destroyed
commitment-status-agreed = agreed
commitment-status-announced = announced
commitment-status-proposed = proposed
family-missile = missiles
family-bomb = bombs
family-drone = drones
family-rocket = rockets
family-energy = energy facilities
family-civilian = civilian objects

## Statement review
stmt-list-title = Statements to review
stmt-list-lede = Candidate reports read from what the parties publish. Each stays out of incidents, findings and every public list until a monitor accepts it (correcting what was misread) or rejects it; both go on the log with the statement's words.
stmt-by-status = Candidates by status
cand-pending = pending
cand-accepted = accepted
cand-rejected = rejected
stmt-none-pending = No candidate waits for review. Store statements with
stmt-none-yet = None yet.
stmt-no-place = no place
stmt-in-incident = incident { $id }
stmt-oldest-shown = The oldest { $shown } of { $total } are shown; the API pages through them all.
stmt-list-json = These candidates as JSON
stmt-candidate = candidate { $id }
stmt-candidate-title = Candidate { $id }
stmt-now-report = Now report #{ $id }
stmt-in-incident-word = in incident
stmt-joins-later = it joins an incident at the next evaluation
stmt-the-statement = The statement
stmt-published = published { $when }
stmt-source-link = source
stmt-log-entry = log entry
stmt-read-from = Read from the marked words:
stmt-event-n = Event { $n } read from this statement
stmt-counts = counts: { $launched } launched, { $destroyed } destroyed
stmt-implied = A field without marked words was implied (its note says how).
stmt-proposed = Proposed report
stmt-as-accepted = Report as accepted
stmt-place-none = none: the whole country
stmt-none-named = none named
stmt-from = from
stmt-note = Note for the log (optional)
stmt-accept = Accept as a report
stmt-why-not = Why is it not a report?
stmt-reject = Reject
stmt-none = none
stmt-corrected = corrected; proposed:
stmt-review-entry = The review is log entry
stmt-json = This candidate as JSON
stmt-accepted = Accepted as proposed.
stmt-accepted-corrected = Accepted with { $fields } corrected.
stmt-rejected = Rejected; the reason is on the log.
stmt-not-accepted = Not accepted: { $reason }.
stmt-field-place = place
stmt-field-occurred-at = time
stmt-field-time-precision = time precision
stmt-field-act = act
stmt-field-means = means
stmt-field-target-class = target
stmt-field-target-name = target's name
stmt-field-perpetrator = perpetrator
stmt-field-stance = stance
stmt-field-claimant = claimant
stmt-field-launched = launched
stmt-field-destroyed = destroyed
minimap-caption = The incident's place (filled dot, with the dashed circle within which it is known) and each located report's own place (small rings: point at one to see whose).
zone-choose = Time zone of the times on pages
zone-shown = Times are in { $zone }. Show them in:
zone-agreement = the agreement's

## Accounts
nav-accounts = Accounts
role-administrator = administrator
role-monitor = monitor
role-adjudicator = adjudicator
role-liaison = liaison office
accounts-title = Accounts
accounts-lede = Who may sign in, and as what: the mission's monitors and adjudicators, the parties' liaison offices (each bound to its party) and administrators. A disabled account's sessions end at once and its API tokens are refused; enable it again to restore them. A new password ends the account's sessions.
accounts-refused = Not done: { $reason }.
accounts-token-once = API token for { $name }, shown this once: copy it now and give it to its holder by a safe way. Only its hash is kept.
accounts-add = Add an account
accounts-name = Name
accounts-role = Role
accounts-party = Party
accounts-party-none = none (liaisons only)
accounts-password = Password
accounts-password-hint = at least 12 characters, or none: token only
accounts-add-button = Add the account
accounts-count = { $n ->
    [one] { $n } account
   *[other] { $n } accounts
}
accounts-you = you
accounts-state = State
accounts-state-active = active
accounts-state-disabled = disabled
accounts-token-only = API token only
accounts-actions = Actions
accounts-enable = Enable
accounts-disable = Disable
accounts-new-token = New API token
accounts-new-password = new password
accounts-new-password-for = New password for { $name }
accounts-set = Set
accounts-cli = The same from the command line:
accounts-password-set = { $name }'s password is set; their sessions have ended.
accounts-disabled = { $name } is disabled: their sessions have ended and their tokens are refused.
accounts-enabled = { $name } is enabled again.
accounts-token-made = A new API token for { $name }.

# Webhooks (administrators).
nav-webhooks = Webhooks
webhooks-title = Webhooks
webhooks-lede = A party's liaison office or a newsroom receives signed HTTP POSTs when a finding is corroborated or confirmed, a dispute opens, an incident is published or the log has a new checkpoint. Each subscriber hears only of what its audience may see; failed deliveries are retried from a queue that survives restarts. How to verify a signature:
webhooks-created = Subscription “{ $name }” created.
webhooks-secret-once = Its signing secret is shown this once: copy it to the receiver now.
webhooks-not-created = Not created:
webhooks-none = No subscription yet.
webhooks-active = active
webhooks-stopped = stopped
webhooks-name = Name
webhooks-url = Address (URL)
webhooks-events = Events
webhooks-event = Event
webhooks-filter = Commitment · party · region
webhooks-commitment = Commitment
webhooks-region = Region or country
webhooks-any = any
webhooks-audience = Audience
webhooks-audience-public = the public (published incidents only)
webhooks-audience-all = the mission's staff (everything)
webhooks-audience-party = the liaison of { $party }
webhooks-audience-help = A subscriber is told only of what its audience sees in the API.
webhooks-created-by = Created by
webhooks-last = Latest deliveries
webhooks-state = State
webhooks-state-delivered = delivered
webhooks-state-pending = pending
webhooks-state-failed = given up
webhooks-attempts = Attempts
webhooks-result = Last result
webhooks-when = When
webhooks-as-json = All deliveries as JSON
webhooks-delete = Stop this subscription
webhooks-new = New subscription
webhooks-create = Subscribe

## Sources
nav-sources = Sources
sources-title = Sources and their default gradings
sources-lede = Every source with reports, and the grading its rows get when they arrive without one: source reliability (A–F) and information credibility (1–6) on the Admiralty scale. A default applies from the next row received (files, feeds, submissions and accepted statements alike); rows already stored keep their grading, and a row that carries its own grading keeps it.
sources-source = Source
sources-default = Default grading
sources-set-by = Set by
sources-reliability = Reliability
sources-credibility = Credibility
sources-none = none
sources-note = note (why)
sources-save = Save
sources-add = A source not seen yet
sources-saved = The default grading of { $source } is saved; it applies to rows received from now on.
sources-cleared = { $source } has no default grading any more.

## After a decision
decided-note = Note added (visible to the mission only).
decided-entry = Decision recorded (log entry { $entry }).
decided-verdict = Decision recorded (log entry { $entry }). The finding is now { $status }.
decided-awaits = Decision recorded (log entry { $entry }); a second adjudicator must also { $action } before the finding changes.
vote-confirm = confirm
vote-reject = reject
assign-released = Released.
assign-mine = This incident is assigned to you.
assign-held = { $holder } is already working on this incident.
error-404-at = Nothing is at { $path }: the address may be mistyped, or what it names is not published.
