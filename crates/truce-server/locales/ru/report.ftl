# Отчёт о соблюдении за период: страница и загрузки HTML, PDF и Markdown
# (`truce report --lang ru`).
report-title = Отчёт о соблюдении: { $agreement }
report-period = С { $from } по { $to } ({ $zone }), { $view }. Составлен { $at }.
report-view-mission = взгляд миссии
report-view-public = публичный взгляд
report-basis = Оценка от { $at } (версия соглашения { $version }, справочные данные { $reference }, { $n ->
    [one] { $n } сообщение
    [few] { $n } сообщения
   *[many] { $n } сообщений
}).
report-basis-log = Оценка от { $at } (версия соглашения { $version }, справочные данные { $reference }, { $n ->
    [one] { $n } сообщение
    [few] { $n } сообщения
   *[many] { $n } сообщений
}, размер журнала доказательств { $size }).
report-no-evaluation = Оценка ещё не проводилась.
report-lede = Выводы по инцидентам, начавшимся в этом периоде, по стороне, в отношении которой они вынесены, и статусу; в скобках — изменение по сравнению с предыдущим периодом той же длины.
report-no-findings = Выводов нет.
report-none = Нет.
report-col-party = сторона
report-col-total = всего
report-chart-title = { $commitment } — { $reading }: выводы по дням, по сторонам
report-chart-x = День ({ $zone })
report-chart-y = Выводов за день
report-map-heading = Карта инцидентов периода
report-map-count = { $n ->
    [one] В периоде начался { $n } инцидент
    [few] В периоде начались { $n } инцидента
   *[many] В периоде началось { $n } инцидентов
}
report-map-count-limited = В периоде началось более { $n } инцидентов: на карте — последние { $n }
report-map-drawn = { $count }; в пределах карты — { $drawn }, каждый отмечен самым серьёзным выводом.
report-map-drawn-md = { $count }; на карте (в HTML и PDF) — { $drawn }.
report-finding = { $commitment } — { $reading }; в отношении стороны { $party }.
report-incident = Инцидент { $code }.
report-independent = независимый источник
report-col-log-entry = запись журнала
report-col-report = сообщение
report-col-source = источник
report-col-for = от стороны
report-col-stance = позиция
report-col-time = время
report-decision = { $action } ({ $at })
report-decision-logged = { $action } ({ $at }, запись журнала { $entry })
report-decisions = Решения: { $list }.
report-log-entries = Записи журнала: { $list }.
report-more = { $n ->
    [one] …и ещё { $n } вывод.
    [few] …и ещё { $n } вывода.
   *[many] …и ещё { $n } выводов.
}
report-more-export = …и ещё { $more } ({ $code }).
report-tallies = Воздушные атаки (сводки)
report-col-launched-by = кто запустил
report-col-weapon = средство поражения
report-col-launched = запущено
report-col-destroyed = уничтожено
report-col-days = дней
report-not-named = не указано
report-methods = Методы
report-rests-on = На чём основан этот отчёт
report-log-basis = { $entries }, корневой хеш { $code }.
report-log-entries-first = { $n ->
    [one] Первая { $n } запись журнала доказательств
    [few] Первые { $n } записи журнала доказательств
   *[many] Первые { $n } записей журнала доказательств
}
report-checkpoint = Последняя подписанная контрольная точка, охватывающая их:
report-no-log-size = Нет оценки с зафиксированным размером журнала.
report-reproduce = Воспроизвести: { $code } (в рабочем пространстве, журнал которого сверяется с контрольной точкой выше).
report-span = с { $from } по { $to }
report-method-agreement = Соглашение «{ $title }», версия { $version }, между сторонами { $parties }; действует { $periods }. Дни считаются по часовому поясу { $zone }.
report-method-no-period = без указанного срока
report-reading = { $commitment } — { $reading }
report-reading-of = { $commitment } — { $reading } (толкование стороны { $party })
report-method-reading = { $title }: обязаны { $binds }; { $period }; действия: { $acts }; средства: { $means }; цели: { $targets }; район: { $area }.
report-every-party = все стороны
report-any = любые
report-anywhere = где угодно
report-method-correlation = Сообщения объединяются в инцидент, когда их время пересекается (каждое расширено на { $slack } мин), а места лежат в пределах суммы их радиусов плюс { $km } км (радиус по точности места: точное { $exact } км, населённый пункт { $settlement } км, рядом с населённым пунктом { $near } км, область { $region } км); совпадение названий цели расширяет оба в { $widen } раза. Вывод подтверждают или отклоняют только два арбитра.
report-method-counts = Считаются выводы по инцидентам, начавшимся в этом периоде, по стороне, в отношении которой они вынесены, и статусу; изменение в скобках — по сравнению с предыдущим периодом той же длины. Публичный взгляд считает только опубликованные инциденты.
