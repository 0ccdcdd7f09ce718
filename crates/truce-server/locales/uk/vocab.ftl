# Дії.
act-strike = удар
act-interception = перехоплення
act-launch = пуск
act-shelling = обстріл
act-ground-attack = наземний штурм
act-sabotage = диверсія
act-naval-operation = морська операція
act-fire = пожежа
act-other = інше

# Засоби ураження.
means-missile-ballistic = балістична ракета
means-missile-cruise = крилата ракета
means-missile-anti-ship = протикорабельна ракета
means-missile-other = ракета
means-bomb-guided = керована авіабомба
means-bomb-unguided = некерована авіабомба
means-drone-long-range = ударний дрон великої дальності
means-drone-tactical = тактичний дрон
means-drone-naval = морський дрон
means-drone-reconnaissance = розвідувальний дрон
means-artillery = артилерія
means-rocket-mlrs = реактивна система залпового вогню
means-explosive = вибухівка
means-small-arms = стрілецька зброя
means-mixed = кілька видів зброї
means-unknown = невідомий засіб

# Класи цілей.
target-energy-power-plant = електростанція
target-energy-nuclear = атомна електростанція
target-energy-hydro = гідроелектростанція
target-energy-substation = підстанція
target-energy-transmission-line = лінія електропередачі
target-energy-heating = котельня або ТЕЦ
target-energy-oil-refinery = нафтопереробний завод
target-energy-oil-pipeline = нафтопровід
target-energy-oil-pumping = нафтоперекачувальна станція
target-energy-oil-storage = нафтобаза
target-energy-gas-pipeline = газопровід
target-energy-gas-metering = газовимірювальна станція
target-energy-gas-storage = газосховище
target-civilian-residential = житло
target-civilian-medical = лікарня або медичний заклад
target-civilian-education = школа або навчальний заклад
target-civilian-transport = транспорт (залізниця, дороги, мости)
target-civilian-port = порт
target-civilian-water = водопостачання
target-civilian-telecom = зв’язок
target-civilian-agriculture = сільське господарство та зерно
target-civilian-other = інший цивільний об’єкт
target-military = військова ціль
target-unknown = невідома ціль

# Точність часу звіту, після самого часу.
tp-minute = до хвилини
tp-hour = до години
tp-day = до дня
tp-week = до тижня
tp-month = до місяця

# Families of a vocabulary, as an agreement's scope names them (`energy.*`).
family-target-energy = будь-який енергетичний об’єкт
family-target-civilian = будь-який цивільний об’єкт
family-means-missile = будь-яка ракета
family-means-bomb = будь-яка бомба
family-means-drone = будь-який дрон
family-means-rocket = будь-який реактивний снаряд

# Decisions, as the period report lists them under a violation.
action-merge = інциденти об’єднано
action-split = інцидент розділено
action-correct = звіт виправлено
action-propose = статус запропоновано
action-confirm = порушення підтвердив арбітр
action-reject = порушення відхилив арбітр
action-publish = оприлюднено

# Види подій вебхуків.
event-finding-corroborated = висновок стає «підкріплено»
event-finding-confirmed = висновок підтверджено двома арбітрами
event-dispute-opened = висновок стає «спірне»
event-incident-published = інцидент оприлюднено
