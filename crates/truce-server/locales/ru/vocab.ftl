# Действия.
act-strike = удар
act-interception = перехват
act-launch = пуск
act-shelling = обстрел
act-ground-attack = наземный штурм
act-sabotage = диверсия
act-naval-operation = морская операция
act-fire = пожар
act-other = другое

# Средства поражения.
means-missile-ballistic = баллистическая ракета
means-missile-cruise = крылатая ракета
means-missile-anti-ship = противокорабельная ракета
means-missile-other = ракета
means-bomb-guided = управляемая авиабомба
means-bomb-unguided = неуправляемая авиабомба
means-drone-long-range = ударный беспилотник большой дальности
means-drone-tactical = тактический беспилотник
means-drone-naval = безэкипажный катер
means-drone-reconnaissance = разведывательный беспилотник
means-artillery = артиллерия
means-rocket-mlrs = реактивная система залпового огня
means-explosive = взрывчатка
means-small-arms = стрелковое оружие
means-mixed = несколько видов оружия
means-unknown = неизвестное средство

# Классы целей.
target-energy-power-plant = электростанция
target-energy-nuclear = атомная электростанция
target-energy-hydro = гидроэлектростанция
target-energy-substation = подстанция
target-energy-transmission-line = линия электропередачи
target-energy-heating = котельная или ТЭЦ
target-energy-oil-refinery = нефтеперерабатывающий завод
target-energy-oil-pipeline = нефтепровод
target-energy-oil-pumping = нефтеперекачивающая станция
target-energy-oil-storage = нефтебаза
target-energy-gas-pipeline = газопровод
target-energy-gas-metering = газоизмерительная станция
target-energy-gas-storage = газовое хранилище
target-civilian-residential = жильё
target-civilian-medical = больница или медицинское учреждение
target-civilian-education = школа или учебное заведение
target-civilian-transport = транспорт (железная дорога, дороги, мосты)
target-civilian-port = порт
target-civilian-water = водоснабжение
target-civilian-telecom = связь
target-civilian-agriculture = сельское хозяйство и зерно
target-civilian-other = другой гражданский объект
target-military = военная цель
target-unknown = неизвестная цель

# Точность времени сообщения, после самого времени.
tp-minute = до минуты
tp-hour = до часа
tp-day = до дня
tp-week = до недели
tp-month = до месяца

# Families of a vocabulary, as an agreement's scope names them (`energy.*`).
family-target-energy = любой энергетический объект
family-target-civilian = любой гражданский объект
family-means-missile = любая ракета
family-means-bomb = любая бомба
family-means-drone = любой дрон
family-means-rocket = любой реактивный снаряд

# Decisions, as the period report lists them under a violation.
action-merge = инциденты объединены
action-split = инцидент разделён
action-correct = отчёт исправлен
action-propose = статус предложен
action-confirm = нарушение подтвердил арбитр
action-reject = нарушение отклонил арбитр
action-publish = опубликовано

# Виды событий вебхуков.
event-finding-corroborated = заключение становится «подкреплено»
event-finding-confirmed = заключение подтверждено двумя арбитрами
event-dispute-opened = заключение становится «спорное»
event-incident-published = инцидент опубликован
