# Пояснення висновку за правилами, крок за кроком.
check-party = сторона
check-period = період
check-act = дія
check-means = засіб
check-target = ціль
check-zone = зона
check-sources = джерела
check-status = статус
check-decision = рішення
outcome-pass = так
outcome-fail = ні
outcome-unknown = невідомо

trace-sources = { $support ->
    [one] { $support } звіт на підтримку
    [few] { $support } звіти на підтримку
   *[many] { $support } звітів на підтримку
} від { $voices ->
    [one] { $voices } голосу
   *[many] { $voices } голосів
} (належно оцінених: { $graded }); { $denials ->
    [0] заперечень немає
    [one] { $denials } заперечення
    [few] { $denials } заперечення
   *[many] { $denials } заперечень
}
trace-sources-denied = { $support ->
    [one] { $support } звіт на підтримку
    [few] { $support } звіти на підтримку
   *[many] { $support } звітів на підтримку
} від { $voices ->
    [one] { $voices } голосу
   *[many] { $voices } голосів
} (належно оцінених: { $graded }); { $denials ->
    [one] { $denials } заперечення
    [few] { $denials } заперечення
   *[many] { $denials } заперечень
} (заперечує: { $deniers })
trace-status = { $status }: { $why }; імовірність: { $confidence }
trace-why-not-bound = зобов’язання не стосується цієї сторони
trace-why-out-of-scope = інцидент не належить до того, що забороняє це тлумачення
trace-why-outside-period = подія сталася поза періодом цього тлумачення
trace-why-undecidable = з відомого не можна визначити, чи застосовне це тлумачення
trace-why-no-party = жоден звіт не називає відповідальну сторону
trace-why-denied = заперечує: { $deniers }
trace-why-others-blame = інші звіти звинувачують: { $others }
trace-why-agree = незалежних голосів, що збігаються: { $n } ({ $voices })
trace-why-no-support = жоден звіт цього не підтримує
trace-why-one-voice = лише один голос: { $voices }
trace-why-poorly-graded = голосів: { $n }, але належно оцінених лише { $graded } (не E/F, не 5/6)
trace-party-unknown = жоден звіт не називає відповідальну сторону
trace-party-bound = { $party } зобов’язана дотримуватися «{ $commitment }»
trace-party-not-bound = { $party } не зобов’язана дотримуватися «{ $commitment }» (воно стосується: { $binds })
trace-period-inside = подія сталася між { $from } і { $to }; тлумачення «{ $reading }» діє з { $start } до { $end }: у межах
trace-period-outside = подія сталася між { $from } і { $to }; тлумачення «{ $reading }» діє з { $start } до { $end }: поза межами
trace-period-straddles = подія сталася між { $from } і { $to }; тлумачення «{ $reading }» діє з { $start } до { $end }: частково в межах, частково поза ними (час відомий недостатньо точно)
trace-zone-anywhere = тлумачення діє будь-де
trace-zone-no-place = місце інциденту невідоме, тож невідомо, чи він у зоні «{ $zone }»
trace-zone-no-shape = зона «{ $zone }» не має меж
trace-zone-inside = місце ({ $lat }, { $lon }, з точністю { $radius } км) у зоні «{ $zone }», за { $edge } км від її межі
trace-zone-outside = місце ({ $lat }, { $lon }, з точністю { $radius } км) поза зоною «{ $zone }», за { $edge } км від її межі
trace-zone-uncertain-inside = місце ({ $lat }, { $lon }) у зоні «{ $zone }», але лише за { $edge } км від її межі — менше за похибку { $radius } км
trace-zone-uncertain-outside = місце ({ $lat }, { $lon }) поза зоною «{ $zone }», але лише за { $edge } км від її межі — менше за похибку { $radius } км
trace-scope-any = тлумачення охоплює будь-яке значення («{ $check }»)
trace-scope-unknown = звіти не кажуть, яке значення («{ $check }»); тлумачення охоплює лише: { $allowed }
trace-scope-covered = «{ $known }» охоплено ({ $allowed })
trace-scope-not-among = «{ $known }» не входить до переліку ({ $allowed })
trace-site-inferred = виведено: { $report } не називає ціль, але розташований за { $km } км від об’єкта { $site } класу «{ $class }»
trace-site-near = { $report } за { $km } км від об’єкта { $site }
trace-decided = { $status } двома арбітрами (за правилами: { $rules })
