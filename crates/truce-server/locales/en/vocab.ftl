# Acts: what was done.
act-strike = strike
act-interception = interception
act-launch = launch
act-shelling = shelling
act-ground-attack = ground attack
act-sabotage = sabotage
act-naval-operation = naval operation
act-fire = fire
act-other = other

# Means: the weapon class.
means-missile-ballistic = ballistic missile
means-missile-cruise = cruise missile
means-missile-anti-ship = anti-ship missile
means-missile-other = missile
means-bomb-guided = guided bomb
means-bomb-unguided = unguided bomb
means-drone-long-range = long-range drone
means-drone-tactical = tactical drone
means-drone-naval = naval drone
means-drone-reconnaissance = reconnaissance drone
means-artillery = artillery
means-rocket-mlrs = multiple rocket launcher
means-explosive = explosive
means-small-arms = small arms
means-mixed = several weapon classes
means-unknown = unknown weapon

# Target classes.
target-energy-power-plant = power plant
target-energy-nuclear = nuclear power plant
target-energy-hydro = hydroelectric dam
target-energy-substation = substation
target-energy-transmission-line = power line
target-energy-heating = heating plant
target-energy-oil-refinery = oil refinery
target-energy-oil-pipeline = oil pipeline
target-energy-oil-pumping = oil pumping station
target-energy-oil-storage = oil depot
target-energy-gas-pipeline = gas pipeline
target-energy-gas-metering = gas metering station
target-energy-gas-storage = gas storage
target-civilian-residential = housing
target-civilian-medical = hospital or clinic
target-civilian-education = school or university
target-civilian-transport = transport (rail, road, bridge)
target-civilian-port = port
target-civilian-water = water supply
target-civilian-telecom = telecommunications
target-civilian-agriculture = agriculture and grain
target-civilian-other = other civilian object
target-military = military target
target-unknown = unknown target

# How precisely a report's time is known, after the time.
tp-minute = minute
tp-hour = hour
tp-day = day
tp-week = week
tp-month = month

# Families of a vocabulary, as an agreement's scope names them (`energy.*`).
family-target-energy = any energy facility
family-target-civilian = any civilian object
family-means-missile = any missile
family-means-bomb = any bomb
family-means-drone = any drone
family-means-rocket = any rocket

# Decisions, as the period report lists them under a violation.
action-merge = incidents merged
action-split = incident split
action-correct = report corrected
action-propose = status proposed
action-confirm = violation confirmed by an adjudicator
action-reject = violation rejected by an adjudicator
action-publish = published

# Webhook event kinds, in words (the code stays beside them for integrators).
event-finding-corroborated = a finding becomes corroborated
event-finding-confirmed = a finding is confirmed by two adjudicators
event-dispute-opened = a finding becomes disputed
event-incident-published = an incident is published
