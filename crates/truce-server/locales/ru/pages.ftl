# Рамка каждой страницы.
nav-main = Главное меню
nav-overview = Обзор
nav-map = Карта
nav-incidents = Инциденты
nav-agreement = Соглашение
nav-queue = Очередь рассмотрения
nav-statements = Заявления
nav-report = Подать сообщение
nav-glossary = Глоссарий
nav-language = Язык
sign-in = Войти
sign-out = Выйти
footer-log = Каждое сообщение и каждое решение внесены в подписанный журнал, который невозможно незаметно изменить:
footer-checkpoint = контрольная точка

# Общие слова.
party = Сторона
none-yet = Пока нет.
place-unknown = место неизвестно
all-incidents = Все инциденты
latest-incidents = Последние инциденты
card-alleged = предполагаемый исполнитель:
yes = да
nobody = никому
against = в отношении стороны
n-reports = { $n ->
    [one] { $n } сообщение
    [few] { $n } сообщения
   *[many] { $n } сообщений
}

# Обзор.
overview-lede-staff = Всего { $reports ->
    [one] { $reports } сообщение
    [few] { $reports } сообщения
   *[many] { $reports } сообщений
} и { $incidents ->
    [one] { $incidents } инцидент
    [few] { $incidents } инцидента
   *[many] { $incidents } инцидентов
}, оценённых по каждому обязательству и его толкованию каждой стороной.
overview-lede-public = Опубликованное миссией, оценённое по каждому обязательству и его толкованию каждой стороной.
overview-evaluated = Последняя оценка: { $when }.
overview-no-findings = По этому толкованию заключений пока нет.
overview-no-findings-published = По этому толкованию опубликованных заключений пока нет.
overview-table-caption = Заключения по стороне, которую считают ответственной, и статусу
overview-chart-caption = Каждая строка — сторона, которую считают ответственной; у всех графиков на этой странице общая ось дат и общая шкала.
chart-title = { $commitment } — { $reading }: заключения по дням и стороне, которую считают ответственной
chart-day = День ({ $zone })

# Инцидент.
incident-title = Инцидент { $id }
incident-what = { $act }; средство: { $means }; цель: { $target }
fact-when = Когда
fact-where = Где
fact-what = Что
fact-disputed = Спорное
fact-findings = Заключения
fact-reports = Сообщения
fact-published = Опубликовано
fact-assigned = Назначено
not-located = место не установлено
place-coarsened = для публики показано приблизительно (точное место известно миссии)
published-no = нет (видит только миссия)
n-reports-unpublished = { $n ->
    [one] { $n } сообщение ещё не опубликовано (добавлено позже; опубликуйте снова, чтобы включить)
    [few] { $n } сообщения ещё не опубликованы (добавлены позже; опубликуйте снова, чтобы включить)
   *[many] { $n } сообщений ещё не опубликованы (добавлены позже; опубликуйте снова, чтобы включить)
}
reports-intro = Кто что утверждает, по сторонам. Оценка — по шкале Адмиралтейства: надёжность источника A–F, достоверность информации 1–6.
card-says = Содержание
card-grading = Оценка
card-id = Номер
log-entry = запись журнала
source-link = ссылка на источник
no-reports-visible = Ни одно сообщение об этом инциденте вам не доступно.
findings-intro = Каждое толкование обязательства, оценённое по правилам; заключение становится «подтверждено» или «отклонено» только после согласия двух разных арбитров.
ships-near = Суда поблизости
ships-intro = Суда, услышанные через AIS в радиусе 50 км, от 12 часов до и до 12 часов после инцидента; их ближайшее услышанное положение.
ship-vessel = Судно
ship-mmsi = MMSI
ship-kind = За что себя выдаёт
ship-closest = Ближайшее
ship-zone = В зоне
ship-no-name = название не указано
ship-military = военное (тип судна AIS 35)
ship-type = тип судна AIS { $t }
ship-no-type = тип не указан
decisions = Решения
no-decision = Решений пока нет.
incident-json = Этот инцидент в формате JSON

# Глоссарий.
glossary-lede = Слова, которыми Truce обозначает заключения, оценку источников и позицию сообщений.
glossary-statuses = Статусы заключения
glossary-statuses-intro = Заключение — это один инцидент, оценённый по одному толкованию одного обязательства, для одной стороны.
glossary-readings = Толкования
glossary-readings-intro = Стороны по-разному понимают одно и то же обязательство (с какого дня оно действует, какие объекты охватывает). Каждое такое понимание — отдельное толкование, и каждое заключение указывает, какое толкование применено.
glossary-grading = Оценка (шкала Адмиралтейства)
glossary-grading-intro = Каждое сообщение оценивается дважды: надёжность источника (A–F) и достоверность информации (1–6). «B2» — обычно надёжный источник сообщает вероятно правдивое.
glossary-stances = Позиция сообщения

# Статусы.
status-confirmed = Подтверждено
status-corroborated = Подкреплено
status-disputed = Спорное
status-alleged = Заявленное
status-insufficient = Недостаточно данных
status-rejected = Отклонено
status-outside-period = Вне срока действия
status-not-covered = Не подпадает
status-about-confirmed = Два арбитра согласились, что нарушение произошло.
status-about-corroborated = Независимые источники с надлежащей оценкой подкрепляют заявление о нарушении.
status-about-disputed = Источники противоречат друг другу в том, что произошло или кто это сделал.
status-about-alleged = О нарушении заявлено, но ни один независимый источник пока этого не подкрепляет.
status-about-insufficient = Известно слишком мало, чтобы оценить (неясны время, место или цель).
status-about-rejected = Два арбитра согласились, что нарушения не было.
status-about-outside-period = Произошло вне срока, в который действует это толкование.
status-about-not-covered = Произошедшее это толкование не запрещает.

# Позиции.
stance-alleges = утверждает
stance-denies = отрицает
stance-confirms = признаёт
stance-observes = наблюдает
stance-about-alleges = Источник утверждает, что событие произошло, и называет виновного.
stance-about-denies = Источник (обычно обвиняемая сторона) отрицает событие или свою причастность.
stance-about-confirms = Источник подтверждает событие; обычно сторона признаёт собственные действия.
stance-about-observes = Нейтральное наблюдение: мониторинг, датчик, журналист на месте.

# Шкала Адмиралтейства.
reliability-A = полностью надёжный
reliability-B = обычно надёжный
reliability-C = достаточно надёжный
reliability-D = обычно ненадёжный
reliability-E = ненадёжный
reliability-F = надёжность невозможно оценить
reliability-about-A = Нет сомнений в подлинности, добросовестности или компетентности; всегда был надёжен.
reliability-about-B = Незначительные сомнения; в основном давал достоверную информацию.
reliability-about-C = Есть сомнения; ранее давал достоверную информацию.
reliability-about-D = Значительные сомнения; ранее давал достоверную информацию.
reliability-about-E = Недостаёт подлинности, добросовестности и компетентности; ранее давал недостоверную информацию.
reliability-about-F = Об источнике известно слишком мало, чтобы его оценить.
credibility-1 = подтверждено другими источниками
credibility-2 = вероятно, правда
credibility-3 = возможно, правда
credibility-4 = сомнительно
credibility-5 = маловероятно
credibility-6 = достоверность невозможно оценить
credibility-about-1 = Подтверждено другими независимыми источниками; логично и согласуется с другими сведениями.
credibility-about-2 = Не подтверждено; логично и согласуется с другими сведениями.
credibility-about-3 = Не подтверждено; достаточно логично; отчасти согласуется с другими сведениями.
credibility-about-4 = Не подтверждено; возможно, но нелогично; других сведений нет.
credibility-about-5 = Не подтверждено; нелогично; противоречит другим сведениям.
credibility-about-6 = Нет оснований, чтобы оценить информацию.

# Степень уверенности (ICD 203).
confidence-almost-no-chance = почти исключено
confidence-very-unlikely = очень маловероятно
confidence-unlikely = маловероятно
confidence-roughly-even-chance = примерно равные шансы
confidence-likely = вероятно
confidence-very-likely = весьма вероятно
confidence-almost-certain = почти наверняка

# Точность места.
known-exact = место известно точно
known-settlement = с точностью до населённого пункта
known-near-settlement = вблизи населённого пункта
known-region = с точностью до области
known-country = с точностью до страны

# Форма сообщения.
form-lede-party = Сообщения, поданные здесь, регистрируются как заявления стороны { $party }.
form-lede-mission = Сообщения, поданные здесь, регистрируются как собственные наблюдения миссии.
form-lede-log = Каждое сообщение сохраняется и вносится в журнал доказательств.
form-open-incident = Открыть инцидент { $id }
form-not-accepted = Сообщение не принято:
form-when = Когда это произошло
form-when-placeholder = 2025-04-06 03:10 или 2025-04-06
form-how-exactly = Точность времени
form-as-written = как указано
form-when-help = Дата или дата и время; если часовой пояс не указан, это время { $zone }.
form-place = Название места
form-lookup = Найти место
form-latitude = Широта
form-longitude = Долгота
form-act = Что произошло
form-means = Средство поражения
form-target = Цель (класс объекта)
form-target-name = Название цели
form-by-whom = Кто совершил
form-unknown = неизвестно
form-stance = Позиция сообщения
form-choose = выберите…
form-choose-unknown = выберите… («неизвестно», если неизвестно)
form-reference = Ваш номер (необязательно)
form-text = Текст
form-url = Адрес источника (необязательно)
form-submit = Подать сообщение
precision-minute = с точностью до минуты
precision-hour = с точностью до часа
precision-day = в тот день
precision-week = на той неделе
precision-month = в том месяце

# Вход.
login-lede = Здесь входят наблюдатели, арбитры, администраторы и офицеры связи сторон. Все остальные могут читать опубликованное миссией без учётной записи.
login-name = Имя
login-password = Пароль

# Список инцидентов и фильтры.
list-none = Ни один инцидент не соответствует этим фильтрам.
list-status = Статус
list-older = Более ранние инциденты
filters = Фильтры
filter-commitment = Обязательство
filter-reading = Толкование
filter-from = С
filter-to = По
filter-region = Регион
filter-search = Поиск
filter-search-hint = слова в сообщениях
filter-search-hint-public = место или цель
filter-apply = Применить
filter-any = любое

# Что говорят сообщения об инциденте, по сторонам.
unnamed-party = сторона не названа
side-claims-by = Заявления стороны { $name } ({ $id })
side-independent = Независимые источники (миссия, датчики, пресса)
side-independent-short = Независимые источники
dispute-says = утверждает: { $act }, исполнитель — { $who }, средство — { $means }
dispute-denies = отрицает: { $act }, исполнитель — { $who }, средство — { $means }
says-what = { $act }; исполнитель: { $by }; средство: { $means }; цель: { $target }
says-alleges = Утверждает: { $what }.
says-denies = Отрицает: { $what }.
says-confirms = Признаёт: { $what }.
says-observes = Наблюдение: { $what }.
says-fire = Пожар, зафиксированный здесь спутником в это время: независимое свидетельство того, что что-то горело, без указания виновного.

chart-per-day = Заключения за день

# Рассмотрение на странице инцидента (персонал).
rules-say = По правилам —
decided = принятое решение —
by-two-adjudicators = (двумя арбитрами).
votes = Голоса:
voted-already = Вы уже проголосовали по этому заключению; решение вместе с вами принимает второй арбитр.
review-reason = Основание
review-confirm = Подтвердить нарушение
review-reject = Отклонить
review-propose = Предложить
review-propose-button = Предложить арбитрам
internal-notes = Внутренние заметки
none = Нет.
review = Рассмотрение
review-release = Освободить этот инцидент
review-take = Взять этот инцидент
review-merge-title = Объединить с другим инцидентом
review-other-id = Номер другого инцидента
review-nearby = Рядом, в пределах суток:
review-merge = Объединить
review-split-title = Выделить сообщения
review-split-numbers = Номера сообщений (#) через запятую
review-split = Выделить
review-correct-title = Исправить классификацию сообщения
review-report-number = Номер сообщения (#)
review-act = Что произошло (действие)
review-means = Чем (средство)
review-target = Цель (класс объекта)
review-perpetrator = Кто совершил (исполнитель)
unchanged = без изменений
review-correct = Записать исправление
review-note-title = Внутренняя заметка
review-note = Заметка (никогда не показывается сторонам и публике)
review-note-add = Добавить заметку
review-publish-later = Опубликовать сообщения, добавленные позже
review-publish-title = Опубликовать
review-publish = Опубликовать для сторон и публики

## Period compliance report
nav-period = Отчёт за период
period-title = Отчёт о соблюдении за период
period-lede-mission = Взгляд миссии: все выводы по инцидентам, начавшимся в этом периоде, с изменением по сравнению с предыдущим периодом той же длины.
period-lede-public = Публичный взгляд: выводы только по опубликованным инцидентам, с изменением по сравнению с предыдущим периодом той же длины.
period-from = С
period-to = По
period-commitment = Обязательство
period-format = Формат
period-all-commitments = Все обязательства
period-show = Показать
period-download = Скачать
period-bad-date = { $field }: «{ $value }» — не дата. Запишите её как год-месяц-день, например 2025-03-25.
period-bad-order = Период заканчивается ({ $value }) раньше, чем начинается: выберите дату «{ $field }» не раньше даты «С».
period-too-long = { $field }: отчёт охватывает не больше десяти лет; выберите период короче.
period-bad-format = { $field }: «{ $value }» — не формат этого отчёта (html, md, json или pdf).
period-bad-commitment = { $field }: в соглашении нет обязательства «{ $value }».
conflict-title = Уже решено
conflict-reason-kept = То, что вы написали, сохранено:
conflict-back = Назад к инциденту
decision-title = Решение { $n }
decision-what = Что
decision-who = Кто
decision-when = Когда
decision-incident = Инцидент
decision-finding = Вывод
decision-reason = Основание
decision-log-entry = Запись в журнале
decision-proof = доказательство включения (JSON)

# Очередь на рассмотрение.
queue-title = Очередь на рассмотрение
queue-lede = Инциденты с выводами, которые могут быть нарушениями и ещё не имеют решения, и сигналы (пожар, замеченный спутником на защищённом объекте, о котором не сообщил ни один отчёт). Возьмите инцидент, прежде чем работать с ним, чтобы двое не рассматривали один и тот же; взятый инцидент закрепляется за вами на восемь часов. Отметьте несколько, чтобы взять их сразу.
queue-against = В отношении стороны
queue-assigned = Кому поручено
queue-assigned-anyone = кому угодно
queue-assigned-me = мне
queue-assigned-nobody = никому
queue-sort = Порядок
queue-sort-oldest = сначала самые давние
queue-sort-newest = сначала самые новые
queue-sort-serious = сначала самые серьёзные
queue-sort-reports = сначала с наибольшим числом отчётов
queue-empty = Ничто не ждёт рассмотрения.
queue-full = Показаны первые 200; сузьте фильтры, чтобы увидеть остальные.
queue-select = Выбрать
queue-lead = сигнал: пожар на защищённом объекте, отчёта нет
queue-open = { $n ->
    [one] { $n } открытый вывод
    [few] { $n } открытых вывода
   *[many] { $n } открытых выводов
}
queue-age = { $n ->
    [0] сегодня
    [one] { $n } день назад
    [few] { $n } дня назад
   *[many] { $n } дней назад
}
queue-free = свободен
queue-take = Взять выбранные инциденты
queue-took-none = Ни один инцидент не выбран.
queue-took = { $n ->
    [0] Ни один инцидент не взят.
    [one] Взят { $n } инцидент.
    [few] Взяты { $n } инцидента.
   *[many] Взято { $n } инцидентов.
}
queue-held = Уже в работе у других: { $which }.
list-download = Скачать этот список
list-download-findings = выводы
list-on-map = на карте

## Отклонённые строки
rejections-title = Отклонённые строки
rejections-lede = Строки, которые не удалось принять, из файла, потока данных или отправки через API: откуда каждая, какое поле ошибочно и почему, и строка, как она прочитана. Отклонённая строка не является сообщением и нигде не оценивается; исправьте её в источнике и отправьте снова. Хорошие строки того же файла сохранены.
rejections-none = Ни одна строка не отклонена.
rejections-by-file = По файлам
rejections-file = Файл
rejections-rows = Отклонено строк
rejections-latest = Последняя
rejections-all = { $n ->
    [one] { $n } отклонённая строка, новые сначала
    [few] Все { $n } отклонённые строки, новые сначала
   *[many] Все { $n } отклонённых строк, новые сначала
}
rejections-of-file = Отклонённые строки файла { $file }, новые сначала
rejections-show-all = (показать все файлы)
rejections-none-here = Нет.
rejections-when = Отклонено
rejections-where = Откуда
rejections-line = строка { $line }
rejections-field = Поле
rejections-reason = Причина
rejections-row = Строка, как она прочитана
rejections-older = Более старые строки
rejections-json = Отклонённые строки в JSON
queue-refused = { $n ->
    [one] { $n } строка отклонена при приёме:
    [few] { $n } строки отклонены при приёме:
   *[many] { $n } строк отклонено при приёме:
}
queue-refused-see = почему

## Страницы ошибок
error-400 = Запрос не удалось прочитать
error-401 = Войдите
error-403 = Не для этой учётной записи
error-404 = Не найдено
error-405 = Здесь так нельзя
error-409 = Противоречит записи
error-413 = Слишком большой объём
error-422 = Невозможно выполнить
error-429 = Слишком много запросов
error-500 = Что-то пошло не так
error-503 = Сейчас недоступно
error-sign-in-needed = Эта страница для мониторов и арбитров миссии и офисов связи сторон: войдите, чтобы её увидеть.
error-back = Вернуться к обзору

## Карта
map-title = Карта
map-zoom-in = Приблизить
map-zoom-out = Отдалить
map-whole = Вся карта
map-whole-title = Показать всю карту
map-play = Воспроизвести
map-pause = Пауза
map-all-dates = Все даты
map-per-day = Инциденты по дням.
map-per-day-drag = Инциденты по дням: протяните по дням, чтобы показать только их.
map-count = { $n ->
    [one] { $count } инцидент
    [few] { $count } инцидента
   *[many] { $count } инцидентов
}
map-count-of = { $n ->
    [one] { $shown } из { $count } инцидента
   *[other] { $shown } из { $count } инцидентов
}
map-range = с { $from } по { $to }
map-capped = (из первых { $max }; сузьте фильтры, чтобы увидеть остальные)
map-outside = { $n ->
    [one] Ещё { $n } находится за пределами этой карты
   *[other] Ещё { $n } находятся за пределами этой карты
}
map-and = и
map-unplaced = { $n ->
    [one] { $n } без известного места
   *[other] { $n } без известного места
}
map-see-list = см. список
map-precision = Наведите на инцидент, чтобы увидеть, насколько точно известно его место (серый круг).
map-coarsened = Для публики координаты огрублены.
map-tracks = { $n ->
    [one] Линии: трек { $n } судна, услышанного AIS за эти дни (красные: военные).
   *[other] Линии: треки { $n } судов, услышанных AIS за эти дни (красные: военные).
}
map-tracks-hint = Выберите промежуток до трёх дней, чтобы увидеть треки судов.
map-credits = Границы: Natural Earth (общественное достояние). Названия: GeoNames (CC BY 4.0).
map-svg-title = Карта инцидентов
map-svg-desc = Инциденты на карте: показано { $in_range } из { $total } (в пределах карты — { $shown }); долгота от { $west } до { $east }, широта от { $south } до { $north }.
map-track = { $name } (MMSI { $mmsi }){ $military ->
    [yes] , военное
   *[no] {""}
}: { $n ->
    [one] { $n } позиция
    [few] { $n } позиции
   *[other] { $n } позиций
}
map-cluster-list = { $n ->
    [one] { $count } инцидент в одном месте: показать список
    [few] { $count } инцидента в одном месте: показать список
   *[many] { $count } инцидентов в одном месте: показать список
}
map-cluster-zoom = { $n ->
    [one] { $count } инцидент здесь: приблизить
    [few] { $count } инцидента здесь: приблизить
   *[many] { $count } инцидентов здесь: приблизить
}

## Соглашение
agreement-title = Соглашение
agreement-parties = Стороны
agreement-binds = Обязывает: { $parties }.
agreement-as-read-by = (как это толкует { $party })
agreement-period = Период
agreement-acts = Действия
agreement-means = Средства
agreement-targets = Цели
agreement-zone = Зона
agreement-any = любые
agreement-anywhere = где угодно
agreement-family = { $family } (все виды)
agreement-tallies = Сводки о воздушных атаках за период
agreement-tallies-about = Сколько средств поражения, по опубликованным сводкам, было запущено каждый день, по классам; разведывательные дроны это обязательство не охватывает.
agreement-tallies-chart = { $commitment }: запущенные средства поражения по дням и классам (сводки о воздушных атаках)
agreement-weapon-class = Класс средства
agreement-launched = Запущено
agreement-destroyed = Уничтожено
commitment-status-agreed = согласовано
commitment-status-announced = объявлено
commitment-status-proposed = предложено
family-missile = ракеты
family-bomb = бомбы
family-drone = дроны
family-rocket = реактивные снаряды
family-energy = энергетические объекты
family-civilian = гражданские объекты

## Рассмотрение заявлений
stmt-list-title = Заявления на рассмотрение
stmt-list-lede = Кандидаты в сообщения, прочитанные из того, что публикуют стороны. Каждый остаётся вне инцидентов, выводов и всех публичных списков, пока монитор не примет его (исправив неверно прочитанное) или не отклонит; и то и другое попадает в журнал вместе со словами заявления.
stmt-by-status = Кандидаты по состоянию
cand-pending = ожидает
cand-accepted = принят
cand-rejected = отклонён
stmt-none-pending = Ни один кандидат не ждёт рассмотрения. Сохраните заявления командой
stmt-none-yet = Пока нет.
stmt-no-place = место не указано
stmt-in-incident = инцидент { $id }
stmt-oldest-shown = Показаны самые старые { $shown } из { $total }; API выдаёт их все постранично.
stmt-list-json = Эти кандидаты в JSON
stmt-candidate = кандидат { $id }
stmt-candidate-title = Кандидат { $id }
stmt-now-report = Теперь сообщение №{ $id }
stmt-in-incident-word = в инциденте
stmt-joins-later = оно присоединится к инциденту при следующей оценке
stmt-the-statement = Заявление
stmt-published = опубликовано { $when }
stmt-source-link = источник
stmt-log-entry = запись журнала
stmt-read-from = Прочитано из отмеченных слов:
stmt-event-n = Событие { $n }, прочитанное из этого заявления
stmt-counts = количество: запущено { $launched }, уничтожено { $destroyed }
stmt-implied = Поле без отмеченных слов выведено косвенно (его примечание объясняет как).
stmt-proposed = Предложенное сообщение
stmt-as-accepted = Сообщение, как оно принято
stmt-place-none = нет: вся страна
stmt-none-named = не названо
stmt-from = из
stmt-note = Примечание для журнала (необязательно)
stmt-accept = Принять как сообщение
stmt-why-not = Почему это не сообщение?
stmt-reject = Отклонить
stmt-none = нет
stmt-corrected = исправлено; предложено:
stmt-review-entry = Рассмотрение — запись журнала
stmt-json = Этот кандидат в JSON
stmt-accepted = Принято как предложено.
stmt-accepted-corrected = Принято с исправлением: { $fields }.
stmt-rejected = Отклонено; причина внесена в журнал.
stmt-not-accepted = Не принято: { $reason }.
stmt-field-place = место
stmt-field-occurred-at = время
stmt-field-time-precision = точность времени
stmt-field-act = действие
stmt-field-means = средство
stmt-field-target-class = цель
stmt-field-target-name = название цели
stmt-field-perpetrator = исполнитель
stmt-field-stance = позиция
stmt-field-claimant = заявитель
stmt-field-launched = запущено
stmt-field-destroyed = уничтожено
minimap-caption = Место инцидента (закрашенная точка с пунктирным кругом, в пределах которого оно известно) и собственное место каждого сообщения с координатами (маленькие кольца: наведите, чтобы увидеть, чьё это сообщение).
zone-choose = Часовой пояс времени на страницах
zone-shown = Время указано по поясу { $zone }. Показать по:
zone-agreement = пояс соглашения

## Учётные записи
nav-accounts = Учётные записи
role-administrator = администратор
role-monitor = монитор
role-adjudicator = арбитр
role-liaison = офис связи
accounts-title = Учётные записи
accounts-lede = Кто может входить и в какой роли: мониторы и арбитры миссии, офисы связи сторон (каждый привязан к своей стороне) и администраторы. Сеансы отключённой учётной записи завершаются сразу, а её API-токены отклоняются; включите её снова, чтобы их восстановить. Новый пароль завершает сеансы учётной записи.
accounts-refused = Не выполнено: { $reason }.
accounts-token-once = API-токен для { $name }, показанный только в этот раз: скопируйте его сейчас и передайте владельцу безопасным способом. Хранится только его хеш.
accounts-add = Добавить учётную запись
accounts-name = Имя
accounts-role = Роль
accounts-party = Сторона
accounts-party-none = нет (только для офисов связи)
accounts-password = Пароль
accounts-password-hint = не менее 12 символов, или без пароля: только токен
accounts-add-button = Добавить учётную запись
accounts-count = { $n ->
    [one] { $n } учётная запись
    [few] { $n } учётные записи
   *[many] { $n } учётных записей
}
accounts-you = вы
accounts-state = Состояние
accounts-state-active = активна
accounts-state-disabled = отключена
accounts-token-only = только API-токен
accounts-actions = Действия
accounts-enable = Включить
accounts-disable = Отключить
accounts-new-token = Новый API-токен
accounts-new-password = новый пароль
accounts-new-password-for = Новый пароль для { $name }
accounts-set = Задать
accounts-cli = То же из командной строки:
accounts-password-set = Пароль для { $name } задан; сеансы завершены.
accounts-disabled = { $name } отключена: сеансы завершены, токены отклоняются.
accounts-enabled = { $name } снова включена.
accounts-token-made = Новый API-токен для { $name }.

# Вебхуки (администраторы).
nav-webhooks = Вебхуки
webhooks-title = Вебхуки
webhooks-lede = Офис связи стороны или редакция получает подписанные HTTP-запросы POST, когда нарушение подтверждено источниками или окончательно, открыт спор, инцидент опубликован или у журнала новая контрольная точка. Каждый подписчик узнаёт только о том, что может видеть его аудитория; неудачные доставки повторяются из очереди, которая переживает перезапуск. Как проверить подпись:
webhooks-created = Подписка «{ $name }» создана.
webhooks-secret-once = Её секрет для подписи показан только сейчас: скопируйте его получателю.
webhooks-not-created = Не создано:
webhooks-none = Подписок пока нет.
webhooks-active = активна
webhooks-stopped = остановлена
webhooks-name = Название
webhooks-url = Адрес (URL)
webhooks-events = События
webhooks-event = Событие
webhooks-filter = Обязательство · сторона · регион
webhooks-commitment = Обязательство
webhooks-region = Регион или страна
webhooks-any = любое
webhooks-audience = Аудитория
webhooks-audience-public = общественность (только опубликованные инциденты)
webhooks-audience-all = персонал миссии (всё)
webhooks-audience-party = офис связи стороны { $party }
webhooks-audience-help = Подписчик узнаёт только о том, что его аудитория видит в API.
webhooks-created-by = Создал
webhooks-last = Последние доставки
webhooks-state = Состояние
webhooks-state-delivered = доставлено
webhooks-state-pending = ожидает
webhooks-state-failed = прекращено
webhooks-attempts = Попытки
webhooks-result = Последний результат
webhooks-when = Когда
webhooks-as-json = Все доставки в JSON
webhooks-delete = Остановить эту подписку
webhooks-new = Новая подписка
webhooks-create = Подписать

## Источники
nav-sources = Источники
sources-title = Источники и их оценки по умолчанию
sources-lede = Каждый источник с сообщениями и оценка, которую получают его строки, поступающие без неё: надёжность источника (A–F) и достоверность информации (1–6) по шкале Адмиралтейства. Оценка по умолчанию действует со следующей полученной строки (файлы, потоки данных, отправки и принятые заявления одинаково); уже сохранённые строки сохраняют свою оценку, а строка с собственной оценкой сохраняет её.
sources-source = Источник
sources-default = Оценка по умолчанию
sources-set-by = Кто задал
sources-reliability = Надёжность
sources-credibility = Достоверность
sources-none = нет
sources-note = примечание (почему)
sources-save = Сохранить
sources-add = Источник, которого ещё не было
sources-saved = Оценка по умолчанию для { $source } сохранена; она действует для строк, полученных с этого момента.
sources-cleared = У { $source } больше нет оценки по умолчанию.

## После решения
decided-note = Примечание добавлено (его видит только миссия).
decided-entry = Решение записано (запись журнала { $entry }).
decided-verdict = Решение записано (запись журнала { $entry }). Вывод теперь: { $status }.
decided-awaits = Решение записано (запись журнала { $entry }); второй арбитр тоже должен { $action }, прежде чем вывод изменится.
vote-confirm = подтвердить
vote-reject = отклонить
assign-released = Освобождено.
assign-mine = Этот инцидент поручен вам.
assign-held = { $holder } уже работает над этим инцидентом.
error-404-at = По адресу { $path } ничего нет: возможно, в адресе ошибка или то, что он называет, не опубликовано.
