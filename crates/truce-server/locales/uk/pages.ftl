# Рамка кожної сторінки.
nav-main = Головне меню
nav-overview = Огляд
nav-map = Мапа
nav-incidents = Інциденти
nav-agreement = Угода
nav-queue = Черга розгляду
nav-statements = Заяви
nav-report = Подати звіт
nav-glossary = Глосарій
nav-language = Мова
sign-in = Увійти
sign-out = Вийти
footer-log = Кожен звіт і кожне рішення внесено до підписаного журналу, який неможливо непомітно змінити:
footer-checkpoint = контрольна точка

# Спільні слова.
party = Сторона
none-yet = Поки що немає.
place-unknown = місце невідоме
all-incidents = Усі інциденти
latest-incidents = Останні інциденти
card-alleged = ймовірний виконавець:
yes = так
nobody = нікому
against = щодо сторони
n-reports = { $n ->
    [one] { $n } звіт
    [few] { $n } звіти
   *[many] { $n } звітів
}

# Огляд.
overview-lede-staff = Усього { $reports ->
    [one] { $reports } звіт
    [few] { $reports } звіти
   *[many] { $reports } звітів
} та { $incidents ->
    [one] { $incidents } інцидент
    [few] { $incidents } інциденти
   *[many] { $incidents } інцидентів
}, оцінених щодо кожного зобов’язання та його тлумачення кожною стороною.
overview-lede-public = Те, що оприлюднила місія, оцінене щодо кожного зобов’язання та його тлумачення кожною стороною.
overview-evaluated = Востаннє оцінено { $when }.
overview-no-findings = За цим тлумаченням висновків поки немає.
overview-no-findings-published = За цим тлумаченням оприлюднених висновків поки немає.
overview-table-caption = Висновки за стороною, яку вважають відповідальною, і статусом
overview-chart-caption = Кожен рядок — сторона, яку вважають відповідальною; усі графіки на цій сторінці мають спільну вісь дат і спільну шкалу.
chart-title = { $commitment } — { $reading }: висновки за днями та стороною, яку вважають відповідальною
chart-day = День ({ $zone })

# Інцидент.
incident-title = Інцидент { $id }
incident-what = { $act }; засіб: { $means }; ціль: { $target }
fact-when = Коли
fact-where = Де
fact-what = Що
fact-disputed = Спірне
fact-findings = Висновки
fact-reports = Звіти
fact-published = Оприлюднено
fact-assigned = Призначено
not-located = місце не встановлено
place-coarsened = для громадськості показано приблизно (точне місце відоме місії)
published-no = ні (бачить лише місія)
n-reports-unpublished = { $n ->
    [one] { $n } звіт ще не оприлюднено (додано пізніше; оприлюдніть знову, щоб включити)
    [few] { $n } звіти ще не оприлюднено (додано пізніше; оприлюдніть знову, щоб включити)
   *[many] { $n } звітів ще не оприлюднено (додано пізніше; оприлюдніть знову, щоб включити)
}
reports-intro = Хто що стверджує, за сторонами. Оцінка — за шкалою Адміралтейства: надійність джерела A–F, достовірність інформації 1–6.
card-says = Зміст
card-grading = Оцінка
card-id = Номер
log-entry = запис журналу
source-link = посилання на джерело
no-reports-visible = Жоден звіт про цей інцидент вам не доступний.
findings-intro = Кожне тлумачення зобов’язання, оцінене за правилами; висновок стає «підтверджено» або «відхилено» лише після згоди двох різних арбітрів.
ships-near = Судна поблизу
ships-intro = Судна, почуті через AIS у радіусі 50 км, від 12 годин до і до 12 годин після інциденту; їхнє найближче почуте положення.
ship-vessel = Судно
ship-mmsi = MMSI
ship-kind = За що себе видає
ship-closest = Найближче
ship-zone = У зоні
ship-no-name = назву не вказано
ship-military = військове (тип судна AIS 35)
ship-type = тип судна AIS { $t }
ship-no-type = тип не вказано
decisions = Рішення
no-decision = Рішень поки немає.
incident-json = Цей інцидент у форматі JSON

# Глосарій.
glossary-lede = Слова, якими Truce позначає висновки, оцінку джерел і позицію звітів.
glossary-statuses = Статуси висновку
glossary-statuses-intro = Висновок — це один інцидент, оцінений щодо одного тлумачення одного зобов’язання, для однієї сторони.
glossary-readings = Тлумачення
glossary-readings-intro = Сторони по-різному розуміють те саме зобов’язання (з якого дня воно діє, які об’єкти охоплює). Кожне таке розуміння — окреме тлумачення, і кожен висновок зазначає, яке тлумачення застосовано.
glossary-grading = Оцінка (шкала Адміралтейства)
glossary-grading-intro = Кожен звіт оцінюють двічі: надійність джерела (A–F) і достовірність інформації (1–6). «B2» — зазвичай надійне джерело повідомляє ймовірно правдиве.
glossary-stances = Позиція звіту

# Статуси.
status-confirmed = Підтверджено
status-corroborated = Підкріплено
status-disputed = Спірне
status-alleged = Заявлене
status-insufficient = Недостатньо даних
status-rejected = Відхилено
status-outside-period = Поза строком дії
status-not-covered = Не підпадає
status-about-confirmed = Два арбітри погодилися, що порушення сталося.
status-about-corroborated = Незалежні джерела з належною оцінкою підтримують заяву про порушення.
status-about-disputed = Джерела суперечать одне одному щодо того, що сталося або хто це зробив.
status-about-alleged = Про порушення заявлено, але жодне незалежне джерело поки цього не підтримує.
status-about-insufficient = Відомо надто мало, щоб оцінити (неясні час, місце або ціль).
status-about-rejected = Два арбітри погодилися, що порушення не було.
status-about-outside-period = Сталося поза строком, у який діє це тлумачення.
status-about-not-covered = Те, що сталося, це тлумачення не забороняє.

# Позиції.
stance-alleges = стверджує
stance-denies = заперечує
stance-confirms = визнає
stance-observes = спостерігає
stance-about-alleges = Джерело стверджує, що подія сталася, і називає винного.
stance-about-denies = Джерело (зазвичай обвинувачена сторона) заперечує подію або свою причетність.
stance-about-confirms = Джерело підтверджує подію; зазвичай сторона визнає власні дії.
stance-about-observes = Нейтральне спостереження: моніторинг, датчик, журналіст на місці.

# Шкала Адміралтейства.
reliability-A = цілком надійне
reliability-B = зазвичай надійне
reliability-C = досить надійне
reliability-D = зазвичай ненадійне
reliability-E = ненадійне
reliability-F = надійність неможливо оцінити
reliability-about-A = Немає сумнівів щодо автентичності, добросовісності чи компетентності; завжди було надійним.
reliability-about-B = Незначні сумніви; здебільшого надавало достовірну інформацію.
reliability-about-C = Є сумніви; раніше надавало достовірну інформацію.
reliability-about-D = Значні сумніви; раніше надавало достовірну інформацію.
reliability-about-E = Бракує автентичності, добросовісності й компетентності; раніше надавало недостовірну інформацію.
reliability-about-F = Про джерело відомо надто мало, щоб його оцінити.
credibility-1 = підтверджено іншими джерелами
credibility-2 = імовірно правдиве
credibility-3 = можливо правдиве
credibility-4 = сумнівне
credibility-5 = малоймовірне
credibility-6 = достовірність неможливо оцінити
credibility-about-1 = Підтверджено іншими незалежними джерелами; логічне й узгоджується з іншими відомостями.
credibility-about-2 = Не підтверджено; логічне й узгоджується з іншими відомостями.
credibility-about-3 = Не підтверджено; досить логічне; частково узгоджується з іншими відомостями.
credibility-about-4 = Не підтверджено; можливе, але нелогічне; інших відомостей немає.
credibility-about-5 = Не підтверджено; нелогічне; суперечить іншим відомостям.
credibility-about-6 = Немає підстав, щоб оцінити інформацію.

# Ступінь упевненості (ICD 203).
confidence-almost-no-chance = майже неможливо
confidence-very-unlikely = дуже малоймовірно
confidence-unlikely = малоймовірно
confidence-roughly-even-chance = приблизно рівні шанси
confidence-likely = імовірно
confidence-very-likely = дуже ймовірно
confidence-almost-certain = майже напевно

# Точність місця.
known-exact = місце відоме точно
known-settlement = з точністю до населеного пункту
known-near-settlement = поблизу населеного пункту
known-region = з точністю до області
known-country = з точністю до країни

# Форма звіту.
form-lede-party = Звіти, подані тут, реєструються як заяви сторони { $party }.
form-lede-mission = Звіти, подані тут, реєструються як власні спостереження місії.
form-lede-log = Кожен звіт зберігається і вноситься до журналу доказів.
form-open-incident = Відкрити інцидент { $id }
form-not-accepted = Звіт не прийнято:
form-when = Коли це сталося
form-when-placeholder = 2025-04-06 03:10 або 2025-04-06
form-how-exactly = Точність часу
form-as-written = як зазначено
form-when-help = Дата або дата й час; якщо часовий пояс не вказано, це час { $zone }.
form-place = Назва місця
form-lookup = Знайти місце
form-latitude = Широта
form-longitude = Довгота
form-act = Що сталося
form-means = Засіб ураження
form-target = Ціль (клас об’єкта)
form-target-name = Назва цілі
form-by-whom = Хто вчинив
form-unknown = невідомо
form-stance = Позиція звіту
form-choose = виберіть…
form-choose-unknown = виберіть… («невідомо», якщо невідомо)
form-reference = Ваш номер (необов’язково)
form-text = Текст
form-url = Адреса джерела (необов’язково)
form-submit = Подати звіт
precision-minute = з точністю до хвилини
precision-hour = з точністю до години
precision-day = того дня
precision-week = того тижня
precision-month = того місяця

# Вхід.
login-lede = Тут входять спостерігачі, арбітри, адміністратори та офіцери зв’язку сторін. Усі інші можуть читати оприлюднене місією без облікового запису.
login-name = Ім’я
login-password = Пароль

# Список інцидентів і фільтри.
list-none = Жоден інцидент не відповідає цим фільтрам.
list-status = Статус
list-older = Давніші інциденти
filters = Фільтри
filter-commitment = Зобов’язання
filter-reading = Тлумачення
filter-from = З
filter-to = По
filter-region = Регіон
filter-search = Пошук
filter-search-hint = слова в повідомленнях
filter-search-hint-public = місце або ціль
filter-apply = Застосувати
filter-any = будь-яке

# Що кажуть звіти про інцидент, за сторонами.
unnamed-party = сторона не названа
side-claims-by = Заяви сторони { $name } ({ $id })
side-independent = Незалежні джерела (місія, датчики, преса)
side-independent-short = Незалежні джерела
dispute-says = стверджує: { $act }, виконавець — { $who }, засіб — { $means }
dispute-denies = заперечує: { $act }, виконавець — { $who }, засіб — { $means }
says-what = { $act }; виконавець: { $by }; засіб: { $means }; ціль: { $target }
says-alleges = Стверджує: { $what }.
says-denies = Заперечує: { $what }.
says-confirms = Визнає: { $what }.
says-observes = Спостереження: { $what }.
says-fire = Пожежа, зафіксована тут супутником у цей час: незалежне свідчення того, що щось горіло, без зазначення винного.

chart-per-day = Висновки за день

# Розгляд на сторінці інциденту (персонал).
rules-say = За правилами —
decided = ухвалене рішення —
by-two-adjudicators = (двома арбітрами).
votes = Голоси:
voted-already = Ви вже проголосували щодо цього висновку; рішення разом із вами ухвалює другий арбітр.
review-reason = Підстава
review-confirm = Підтвердити порушення
review-reject = Відхилити
review-propose = Запропонувати
review-propose-button = Запропонувати арбітрам
internal-notes = Внутрішні нотатки
none = Немає.
review = Розгляд
review-release = Звільнити цей інцидент
review-take = Взяти цей інцидент
review-merge-title = Об’єднати з іншим інцидентом
review-other-id = Номер іншого інциденту
review-nearby = Поруч, у межах доби:
review-merge = Об’єднати
review-split-title = Виокремити звіти
review-split-numbers = Номери звітів (#) через кому
review-split = Виокремити
review-correct-title = Виправити класифікацію звіту
review-report-number = Номер звіту (#)
review-act = Що сталося (дія)
review-means = Чим (засіб)
review-target = Ціль (клас об’єкта)
review-perpetrator = Хто вчинив (виконавець)
unchanged = без змін
review-correct = Записати виправлення
review-note-title = Внутрішня нотатка
review-note = Нотатка (ніколи не показується сторонам і громадськості)
review-note-add = Додати нотатку
review-publish-later = Оприлюднити звіти, додані пізніше
review-publish-title = Оприлюднити
review-publish = Оприлюднити для сторін і громадськості

## Period compliance report
nav-period = Звіт за період
period-title = Звіт про дотримання за період
period-lede-mission = Погляд місії: усі висновки щодо інцидентів, що почалися в цьому періоді, зі зміною порівняно з попереднім періодом такої ж тривалості.
period-lede-public = Публічний погляд: висновки лише щодо опублікованих інцидентів, зі зміною порівняно з попереднім періодом такої ж тривалості.
period-from = З
period-to = По
period-commitment = Зобов’язання
period-format = Формат
period-all-commitments = Усі зобов’язання
period-show = Показати
period-download = Завантажити
period-bad-date = { $field }: «{ $value }» — не дата. Запишіть її як рік-місяць-день, наприклад 2025-03-25.
period-bad-order = Період закінчується ({ $value }) раніше, ніж починається: оберіть дату «{ $field }» не раніше дати «З».
period-too-long = { $field }: звіт охоплює щонайбільше десять років; оберіть коротший період.
period-bad-format = { $field }: «{ $value }» — не формат цього звіту (html, md, json або pdf).
period-bad-commitment = { $field }: в угоді немає зобов’язання «{ $value }».
conflict-title = Уже вирішено
conflict-reason-kept = Те, що ви написали, збережено:
conflict-back = Назад до інциденту
decision-title = Рішення { $n }
decision-what = Що
decision-who = Хто
decision-when = Коли
decision-incident = Інцидент
decision-finding = Висновок
decision-reason = Підстава
decision-log-entry = Запис у журналі
decision-proof = доказ включення (JSON)

# Черга на розгляд.
queue-title = Черга на розгляд
queue-lede = Інциденти з висновками, що можуть бути порушеннями й ще не мають рішення, та сигнали (пожежа, яку супутник побачив на захищеному об’єкті і про яку не повідомив жоден звіт). Візьміть інцидент, перш ніж працювати з ним, щоб двоє людей не розглядали той самий; узятий інцидент закріплюється за вами на вісім годин. Позначте кілька, щоб узяти їх разом.
queue-against = Щодо сторони
queue-assigned = Кому доручено
queue-assigned-anyone = будь-кому
queue-assigned-me = мені
queue-assigned-nobody = нікому
queue-sort = Порядок
queue-sort-oldest = спершу найдавніші
queue-sort-newest = спершу найновіші
queue-sort-serious = спершу найсерйозніші
queue-sort-reports = спершу з найбільшою кількістю звітів
queue-empty = Нічого не чекає на розгляд.
queue-full = Показано перші 200; звузьте фільтри, щоб побачити решту.
queue-select = Вибрати
queue-lead = сигнал: пожежа на захищеному об’єкті, звіту немає
queue-open = { $n ->
    [one] { $n } відкритий висновок
    [few] { $n } відкриті висновки
   *[many] { $n } відкритих висновків
}
queue-age = { $n ->
    [0] сьогодні
    [one] { $n } день тому
    [few] { $n } дні тому
   *[many] { $n } днів тому
}
queue-free = вільний
queue-take = Узяти вибрані інциденти
queue-took-none = Жодного інциденту не вибрано.
queue-took = { $n ->
    [0] Жодного інциденту не взято.
    [one] Узято { $n } інцидент.
    [few] Узято { $n } інциденти.
   *[many] Узято { $n } інцидентів.
}
queue-held = Уже в роботі в інших: { $which }.
list-download = Завантажити цей список
list-download-findings = висновки
list-on-map = на мапі

## Відхилені рядки
rejections-title = Відхилені рядки
rejections-lede = Рядки, які не вдалося прийняти, з файлу, потоку даних або подання через API: звідки кожен, яке поле хибне і чому, і рядок, як його прочитано. Відхилений рядок не є звітом і ніде не оцінюється; виправте його в джерелі й надішліть знову. Добрі рядки того самого файлу збережено.
rejections-none = Жодного рядка не відхилено.
rejections-by-file = За файлами
rejections-file = Файл
rejections-rows = Відхилено рядків
rejections-latest = Останній
rejections-all = { $n ->
    [one] { $n } відхилений рядок, новіші спершу
    [few] Усі { $n } відхилені рядки, новіші спершу
   *[many] Усі { $n } відхилених рядків, новіші спершу
}
rejections-of-file = Відхилені рядки файлу { $file }, новіші спершу
rejections-show-all = (показати всі файли)
rejections-none-here = Немає.
rejections-when = Відхилено
rejections-where = Звідки
rejections-line = рядок { $line }
rejections-field = Поле
rejections-reason = Причина
rejections-row = Рядок, як його прочитано
rejections-older = Давніші рядки
rejections-json = Відхилені рядки в JSON
queue-refused = { $n ->
    [one] { $n } рядок відхилено під час приймання:
    [few] { $n } рядки відхилено під час приймання:
   *[many] { $n } рядків відхилено під час приймання:
}
queue-refused-see = чому

## Сторінки помилок
error-400 = Запит не вдалося прочитати
error-401 = Увійдіть
error-403 = Не для цього облікового запису
error-404 = Не знайдено
error-405 = Тут так не можна
error-409 = Суперечить запису
error-413 = Завеликий обсяг
error-422 = Неможливо виконати
error-429 = Забагато запитів
error-500 = Щось пішло не так
error-503 = Зараз недоступно
error-sign-in-needed = Ця сторінка для моніторів і арбітрів місії та офісів зв’язку сторін: увійдіть, щоб її побачити.
error-back = Повернутися до огляду

## Мапа
map-title = Мапа
map-zoom-in = Наблизити
map-zoom-out = Віддалити
map-whole = Уся мапа
map-whole-title = Показати всю мапу
map-play = Відтворити
map-pause = Пауза
map-all-dates = Усі дати
map-per-day = Інциденти за днями.
map-per-day-drag = Інциденти за днями: протягніть по днях, щоб показати лише їх.
map-count = { $n ->
    [one] { $count } інцидент
    [few] { $count } інциденти
   *[many] { $count } інцидентів
}
map-count-of = { $n ->
    [one] { $shown } з { $count } інциденту
   *[other] { $shown } з { $count } інцидентів
}
map-range = з { $from } по { $to }
map-capped = (з перших { $max }; звузьте фільтри, щоб побачити решту)
map-outside = { $n ->
    [one] Ще { $n } лежить поза межами цієї мапи
    [few] Ще { $n } лежать поза межами цієї мапи
   *[many] Ще { $n } лежать поза межами цієї мапи
}
map-and = і
map-unplaced = { $n ->
    [one] { $n } не має відомого місця
    [few] { $n } не мають відомого місця
   *[many] { $n } не мають відомого місця
}
map-see-list = див. список
map-precision = Наведіть на інцидент, щоб побачити, наскільки точно відоме його місце (сіре коло).
map-coarsened = Для публіки координати загрублено.
map-tracks = { $n ->
    [one] Лінії: трек { $n } судна, почутого AIS за ці дні (червоні: військові).
   *[other] Лінії: треки { $n } суден, почутих AIS за ці дні (червоні: військові).
}
map-tracks-hint = Виберіть проміжок до трьох днів, щоб побачити треки суден.
map-credits = Кордони: Natural Earth (суспільне надбання). Назви: GeoNames (CC BY 4.0).
map-svg-title = Мапа інцидентів
map-svg-desc = Інциденти на мапі: показано { $in_range } із { $total } (у межах мапи — { $shown }); довгота від { $west } до { $east }, широта від { $south } до { $north }.
map-track = { $name } (MMSI { $mmsi }){ $military ->
    [yes] , військове
   *[no] {""}
}: { $n ->
    [one] { $n } позиція
    [few] { $n } позиції
   *[other] { $n } позицій
}
map-cluster-list = { $n ->
    [one] { $count } інцидент в одному місці: показати список
    [few] { $count } інциденти в одному місці: показати список
   *[many] { $count } інцидентів в одному місці: показати список
}
map-cluster-zoom = { $n ->
    [one] { $count } інцидент тут: наблизити
    [few] { $count } інциденти тут: наблизити
   *[many] { $count } інцидентів тут: наблизити
}

## Угода
agreement-title = Угода
agreement-parties = Сторони
agreement-binds = Зобов’язує: { $parties }.
agreement-as-read-by = (як це тлумачить { $party })
agreement-period = Період
agreement-acts = Дії
agreement-means = Засоби
agreement-targets = Цілі
agreement-zone = Зона
agreement-any = будь-які
agreement-anywhere = будь-де
agreement-family = { $family } (усі види)
agreement-tallies = Зведення про повітряні атаки за період
agreement-tallies-about = Скільки засобів ураження, за опублікованими зведеннями, було запущено щодня, за класами; розвідувальні дрони це зобов’язання не охоплює.
agreement-tallies-chart = { $commitment }: запущені засоби ураження за днями й класами (зведення про повітряні атаки)
agreement-weapon-class = Клас засобу
agreement-launched = Запущено
agreement-destroyed = Знищено
commitment-status-agreed = погоджено
commitment-status-announced = оголошено
commitment-status-proposed = запропоновано
family-missile = ракети
family-bomb = бомби
family-drone = дрони
family-rocket = реактивні снаряди
family-energy = енергетичні об’єкти
family-civilian = цивільні об’єкти

## Розгляд заяв
stmt-list-title = Заяви на розгляд
stmt-list-lede = Кандидати у звіти, прочитані з того, що публікують сторони. Кожен лишається поза інцидентами, висновками й усіма публічними списками, доки монітор не прийме його (виправивши неправильно прочитане) або не відхилить; і те, і те потрапляє до журналу разом зі словами заяви.
stmt-by-status = Кандидати за станом
cand-pending = очікує
cand-accepted = прийнято
cand-rejected = відхилено
stmt-none-pending = Жоден кандидат не чекає на розгляд. Збережіть заяви командою
stmt-none-yet = Поки немає.
stmt-no-place = місце не вказано
stmt-in-incident = інцидент { $id }
stmt-oldest-shown = Показано найдавніші { $shown } з { $total }; API видає їх усі посторінково.
stmt-list-json = Ці кандидати в JSON
stmt-candidate = кандидат { $id }
stmt-candidate-title = Кандидат { $id }
stmt-now-report = Тепер звіт №{ $id }
stmt-in-incident-word = в інциденті
stmt-joins-later = він приєднається до інциденту під час наступного оцінювання
stmt-the-statement = Заява
stmt-published = опубліковано { $when }
stmt-source-link = джерело
stmt-log-entry = запис журналу
stmt-read-from = Прочитано з позначених слів:
stmt-event-n = Подія { $n }, прочитана з цієї заяви
stmt-counts = кількість: запущено { $launched }, знищено { $destroyed }
stmt-implied = Поле без позначених слів виведено непрямо (його примітка пояснює як).
stmt-proposed = Запропонований звіт
stmt-as-accepted = Звіт, як його прийнято
stmt-place-none = немає: уся країна
stmt-none-named = не названо
stmt-from = з
stmt-note = Примітка до журналу (необов’язково)
stmt-accept = Прийняти як звіт
stmt-why-not = Чому це не звіт?
stmt-reject = Відхилити
stmt-none = немає
stmt-corrected = виправлено; запропоновано:
stmt-review-entry = Розгляд — запис журналу
stmt-json = Цей кандидат у JSON
stmt-accepted = Прийнято як запропоновано.
stmt-accepted-corrected = Прийнято з виправленням: { $fields }.
stmt-rejected = Відхилено; причину внесено до журналу.
stmt-not-accepted = Не прийнято: { $reason }.
stmt-field-place = місце
stmt-field-occurred-at = час
stmt-field-time-precision = точність часу
stmt-field-act = дія
stmt-field-means = засіб
stmt-field-target-class = ціль
stmt-field-target-name = назва цілі
stmt-field-perpetrator = виконавець
stmt-field-stance = позиція
stmt-field-claimant = заявник
stmt-field-launched = запущено
stmt-field-destroyed = знищено
minimap-caption = Місце інциденту (зафарбована точка з пунктирним колом, у межах якого воно відоме) і власне місце кожного звіту з координатами (маленькі кільця: наведіть, щоб побачити, чий це звіт).
zone-choose = Часовий пояс часу на сторінках
zone-shown = Час подано за поясом { $zone }. Показати за:
zone-agreement = пояс угоди

## Облікові записи
nav-accounts = Облікові записи
role-administrator = адміністратор
role-monitor = монітор
role-adjudicator = арбітр
role-liaison = офіс зв’язку
accounts-title = Облікові записи
accounts-lede = Хто може входити і в якій ролі: монітори й арбітри місії, офіси зв’язку сторін (кожен прив’язаний до своєї сторони) та адміністратори. Сеанси вимкненого облікового запису завершуються одразу, а його API-токени відхиляються; увімкніть його знову, щоб їх відновити. Новий пароль завершує сеанси облікового запису.
accounts-refused = Не виконано: { $reason }.
accounts-token-once = API-токен для { $name }, показаний лише цього разу: скопіюйте його зараз і передайте власникові безпечним шляхом. Зберігається лише його геш.
accounts-add = Додати обліковий запис
accounts-name = Ім’я
accounts-role = Роль
accounts-party = Сторона
accounts-party-none = немає (лише для офісів зв’язку)
accounts-password = Пароль
accounts-password-hint = щонайменше 12 символів, або без пароля: лише токен
accounts-add-button = Додати обліковий запис
accounts-count = { $n ->
    [one] { $n } обліковий запис
    [few] { $n } облікові записи
   *[many] { $n } облікових записів
}
accounts-you = ви
accounts-state = Стан
accounts-state-active = активний
accounts-state-disabled = вимкнено
accounts-token-only = лише API-токен
accounts-actions = Дії
accounts-enable = Увімкнути
accounts-disable = Вимкнути
accounts-new-token = Новий API-токен
accounts-new-password = новий пароль
accounts-new-password-for = Новий пароль для { $name }
accounts-set = Задати
accounts-cli = Те саме з командного рядка:
accounts-password-set = Пароль для { $name } задано; сеанси завершено.
accounts-disabled = { $name } вимкнено: сеанси завершено, токени відхиляються.
accounts-enabled = { $name } знову увімкнено.
accounts-token-made = Новий API-токен для { $name }.

# Вебхуки (адміністратори).
nav-webhooks = Вебхуки
webhooks-title = Вебхуки
webhooks-lede = Офіс зв’язку сторони або редакція отримує підписані HTTP-запити POST, коли порушення підтверджено джерелами чи остаточно, відкрито спір, інцидент оприлюднено або журнал має нову контрольну точку. Кожен підписник дізнається лише про те, що може бачити його аудиторія; невдалі доставки повторюються з черги, яка переживає перезапуск. Як перевірити підпис:
webhooks-created = Підписку «{ $name }» створено.
webhooks-secret-once = Її секрет для підпису показано лише цього разу: скопіюйте його до отримувача зараз.
webhooks-not-created = Не створено:
webhooks-none = Підписок поки що немає.
webhooks-active = активна
webhooks-stopped = зупинена
webhooks-name = Назва
webhooks-url = Адреса (URL)
webhooks-events = Події
webhooks-event = Подія
webhooks-filter = Зобов’язання · сторона · регіон
webhooks-commitment = Зобов’язання
webhooks-region = Регіон або країна
webhooks-any = будь-яке
webhooks-audience = Аудиторія
webhooks-audience-public = громадськість (лише оприлюднені інциденти)
webhooks-audience-all = персонал місії (усе)
webhooks-audience-party = офіс зв’язку сторони { $party }
webhooks-audience-help = Підписник дізнається лише про те, що його аудиторія бачить в API.
webhooks-created-by = Створив
webhooks-last = Останні доставки
webhooks-state = Стан
webhooks-state-delivered = доставлено
webhooks-state-pending = очікує
webhooks-state-failed = припинено
webhooks-attempts = Спроби
webhooks-result = Останній результат
webhooks-when = Коли
webhooks-as-json = Усі доставки у JSON
webhooks-delete = Зупинити цю підписку
webhooks-new = Нова підписка
webhooks-create = Підписати

## Джерела
nav-sources = Джерела
sources-title = Джерела та їхні типові оцінки
sources-lede = Кожне джерело зі звітами й оцінка, яку отримують його рядки, що надходять без неї: надійність джерела (A–F) і достовірність інформації (1–6) за шкалою Адміралтейства. Типова оцінка діє з наступного отриманого рядка (файли, потоки даних, подання й прийняті заяви однаково); уже збережені рядки зберігають свою оцінку, а рядок із власною оцінкою зберігає її.
sources-source = Джерело
sources-default = Типова оцінка
sources-set-by = Хто задав
sources-reliability = Надійність
sources-credibility = Достовірність
sources-none = немає
sources-note = примітка (чому)
sources-save = Зберегти
sources-add = Джерело, якого ще не було
sources-saved = Типову оцінку { $source } збережено; вона діє для рядків, отриманих відтепер.
sources-cleared = { $source } більше не має типової оцінки.

## Після рішення
decided-note = Примітку додано (її бачить лише місія).
decided-entry = Рішення записано (запис журналу { $entry }).
decided-verdict = Рішення записано (запис журналу { $entry }). Висновок тепер: { $status }.
decided-awaits = Рішення записано (запис журналу { $entry }); другий арбітр також має { $action }, перш ніж висновок зміниться.
vote-confirm = підтвердити
vote-reject = відхилити
assign-released = Звільнено.
assign-mine = Цей інцидент доручено вам.
assign-held = { $holder } уже працює над цим інцидентом.
error-404-at = За адресою { $path } нічого немає: можливо, в адресі помилка або те, що вона називає, не оприлюднено.
