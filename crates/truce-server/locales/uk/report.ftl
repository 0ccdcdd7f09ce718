# Звіт про дотримання за період: сторінка та завантаження HTML, PDF і
# Markdown (`truce report --lang uk`).
report-title = Звіт про дотримання: { $agreement }
report-period = З { $from } по { $to } ({ $zone }), { $view }. Складено { $at }.
report-view-mission = погляд місії
report-view-public = публічний погляд
report-basis = Оцінювання від { $at } (версія угоди { $version }, довідкові дані { $reference }, { $n ->
    [one] { $n } звіт
    [few] { $n } звіти
   *[many] { $n } звітів
}).
report-basis-log = Оцінювання від { $at } (версія угоди { $version }, довідкові дані { $reference }, { $n ->
    [one] { $n } звіт
    [few] { $n } звіти
   *[many] { $n } звітів
}, розмір журналу доказів { $size }).
report-no-evaluation = Оцінювання ще не проводилося.
report-lede = Висновки щодо інцидентів, що почалися в цьому періоді, за стороною, щодо якої їх винесено, і статусом; у дужках — зміна порівняно з попереднім періодом такої ж тривалості.
report-no-findings = Висновків немає.
report-none = Немає.
report-col-party = сторона
report-col-total = усього
report-chart-title = { $commitment } — { $reading }: висновки за днями, за сторонами
report-chart-x = День ({ $zone })
report-chart-y = Висновків за день
report-map-heading = Мапа інцидентів періоду
report-map-count = { $n ->
    [one] У періоді почався { $n } інцидент
    [few] У періоді почалися { $n } інциденти
   *[many] У періоді почалося { $n } інцидентів
}
report-map-count-limited = У періоді почалося понад { $n } інцидентів: на мапі — останні { $n }
report-map-drawn = { $count }; у межах мапи — { $drawn }, кожен позначено найсерйознішим висновком.
report-map-drawn-md = { $count }; на мапі (у HTML і PDF) — { $drawn }.
report-finding = { $commitment } — { $reading }; щодо сторони { $party }.
report-incident = Інцидент { $code }.
report-independent = незалежне джерело
report-col-log-entry = запис журналу
report-col-report = звіт
report-col-source = джерело
report-col-for = від сторони
report-col-stance = позиція
report-col-time = час
report-decision = { $action } ({ $at })
report-decision-logged = { $action } ({ $at }, запис журналу { $entry })
report-decisions = Рішення: { $list }.
report-log-entries = Записи журналу: { $list }.
report-more = { $n ->
    [one] …і ще { $n } висновок.
    [few] …і ще { $n } висновки.
   *[many] …і ще { $n } висновків.
}
report-more-export = …і ще { $more } ({ $code }).
report-tallies = Повітряні атаки (зведення)
report-col-launched-by = хто запустив
report-col-weapon = засіб ураження
report-col-launched = запущено
report-col-destroyed = знищено
report-col-days = днів
report-not-named = не вказано
report-methods = Методи
report-rests-on = На чому ґрунтується цей звіт
report-log-basis = { $entries }, кореневий геш { $code }.
report-log-entries-first = { $n ->
    [one] Перший { $n } запис журналу доказів
    [few] Перші { $n } записи журналу доказів
   *[many] Перші { $n } записів журналу доказів
}
report-checkpoint = Остання підписана контрольна точка, що їх охоплює:
report-no-log-size = Немає оцінювання із зафіксованим розміром журналу.
report-reproduce = Відтворити: { $code } (у робочому просторі, журнал якого звіряється з контрольною точкою вище).
report-span = з { $from } по { $to }
report-method-agreement = Угода «{ $title }», версія { $version }, між сторонами { $parties }; діє { $periods }. Дні лічаться за часовим поясом { $zone }.
report-method-no-period = без зазначеного строку
report-reading = { $commitment } — { $reading }
report-reading-of = { $commitment } — { $reading } (тлумачення сторони { $party })
report-method-reading = { $title }: зобов’язані { $binds }; { $period }; дії: { $acts }; засоби: { $means }; цілі: { $targets }; район: { $area }.
report-every-party = усі сторони
report-any = будь-які
report-anywhere = будь-де
report-method-correlation = Звіти об’єднуються в інцидент, коли їхній час перетинається (кожен розширено на { $slack } хв), а місця лежать у межах суми їхніх радіусів плюс { $km } км (радіус за точністю місця: точне { $exact } км, населений пункт { $settlement } км, поблизу населеного пункту { $near } км, область { $region } км); збіг назв цілі розширює обидва в { $widen } раза. Висновок підтверджують або відхиляють лише два арбітри.
report-method-counts = Лічаться висновки щодо інцидентів, що почалися в цьому періоді, за стороною, щодо якої їх винесено, і статусом; зміна в дужках — порівняно з попереднім періодом такої ж тривалості. Публічний погляд лічить лише опубліковані інциденти.
