# Объяснение заключения по правилам, шаг за шагом.
check-party = сторона
check-period = период
check-act = действие
check-means = средство
check-target = цель
check-zone = зона
check-sources = источники
check-status = статус
check-decision = решение
outcome-pass = да
outcome-fail = нет
outcome-unknown = неизвестно

trace-sources = { $support ->
    [one] { $support } сообщение в поддержку
    [few] { $support } сообщения в поддержку
   *[many] { $support } сообщений в поддержку
} от { $voices ->
    [one] { $voices } голоса
   *[many] { $voices } голосов
} (с надлежащей оценкой: { $graded }); { $denials ->
    [0] опровержений нет
    [one] { $denials } опровержение
    [few] { $denials } опровержения
   *[many] { $denials } опровержений
}
trace-sources-denied = { $support ->
    [one] { $support } сообщение в поддержку
    [few] { $support } сообщения в поддержку
   *[many] { $support } сообщений в поддержку
} от { $voices ->
    [one] { $voices } голоса
   *[many] { $voices } голосов
} (с надлежащей оценкой: { $graded }); { $denials ->
    [one] { $denials } опровержение
    [few] { $denials } опровержения
   *[many] { $denials } опровержений
} (отрицает: { $deniers })
trace-status = { $status }: { $why }; вероятность: { $confidence }
trace-why-not-bound = обязательство не распространяется на эту сторону
trace-why-out-of-scope = инцидент не относится к тому, что запрещает это толкование
trace-why-outside-period = событие произошло вне периода этого толкования
trace-why-undecidable = по известному нельзя решить, применимо ли это толкование
trace-why-no-party = ни одно сообщение не называет ответственную сторону
trace-why-denied = отрицает: { $deniers }
trace-why-others-blame = другие сообщения обвиняют: { $others }
trace-why-agree = согласных независимых голосов: { $n } ({ $voices })
trace-why-no-support = ни одно сообщение этого не подтверждает
trace-why-one-voice = только один голос: { $voices }
trace-why-poorly-graded = голосов: { $n }, но с надлежащей оценкой лишь { $graded } (не E/F, не 5/6)
trace-party-unknown = ни одно сообщение не называет ответственную сторону
trace-party-bound = { $party } обязана соблюдать «{ $commitment }»
trace-party-not-bound = { $party } не обязана соблюдать «{ $commitment }» (оно касается: { $binds })
trace-period-inside = событие произошло между { $from } и { $to }; толкование «{ $reading }» действует с { $start } по { $end }: в пределах
trace-period-outside = событие произошло между { $from } и { $to }; толкование «{ $reading }» действует с { $start } по { $end }: вне пределов
trace-period-straddles = событие произошло между { $from } и { $to }; толкование «{ $reading }» действует с { $start } по { $end }: частично в пределах, частично вне их (время известно недостаточно точно)
trace-zone-anywhere = толкование действует где угодно
trace-zone-no-place = место инцидента неизвестно, поэтому неизвестно, в зоне ли он «{ $zone }»
trace-zone-no-shape = у зоны «{ $zone }» нет границ
trace-zone-inside = место ({ $lat }, { $lon }, с точностью { $radius } км) в зоне «{ $zone }», в { $edge } км от её границы
trace-zone-outside = место ({ $lat }, { $lon }, с точностью { $radius } км) вне зоны «{ $zone }», в { $edge } км от её границы
trace-zone-uncertain-inside = место ({ $lat }, { $lon }) в зоне «{ $zone }», но лишь в { $edge } км от её границы — меньше погрешности { $radius } км
trace-zone-uncertain-outside = место ({ $lat }, { $lon }) вне зоны «{ $zone }», но лишь в { $edge } км от её границы — меньше погрешности { $radius } км
trace-scope-any = толкование охватывает любое значение («{ $check }»)
trace-scope-unknown = сообщения не говорят, какое значение («{ $check }»); толкование охватывает лишь: { $allowed }
trace-scope-covered = «{ $known }» охвачено ({ $allowed })
trace-scope-not-among = «{ $known }» не входит в перечень ({ $allowed })
trace-site-inferred = выведено: { $report } не называет цель, но находится в { $km } км от объекта { $site } класса «{ $class }»
trace-site-near = { $report } в { $km } км от объекта { $site }
trace-decided = { $status } двумя арбитрами (по правилам: { $rules })
