# Як читач заяв прочитав поле (перегляд заяв).
why-source-speaks-for = джерело «{ $source }» говорить від імені { $party }
why-speaker-named = заява називає того, хто говорить
why-side-words = слова, які вживає лише { $side ->
    [ukraine] українська
   *[russia] російська
} сторона
why-ukrainian-statement = заява українською, від української сторони
why-speaker-unknown = хто говорить — невідомо
why-denies-for-itself = той, хто говорить, заперечує від власного імені
why-named-denying = названо як того, хто заперечує
why-named-doer = названо як виконавця
why-named-doer-elsewhere = названо як виконавця в іншому місці заяви
why-implied-own-ground = випливає з контексту: { $side ->
    [ukraine] Україна
   *[russia] Росія
} повідомляє про атаку на власній території
why-implied-other-ground = випливає з контексту: { $side ->
    [ukraine] Україна
   *[russia] Росія
} повідомляє про удар по території іншої сторони, не називаючи, хто вдарив
why-no-party-for-side = угода не називає сторону для { $side ->
    [ukraine] України
   *[russia] Росії
}
why-own-side-doer = той, хто говорить, називає виконавцем власну сторону
why-near = поблизу { $place_uk }
why-district-of = район міста { $place_uk }, названий у заяві
why-district-around = район навколо { $place_uk }
why-target-named-after = ціль названо за назвою { $place_uk }
why-tally-no-place = зведення про засоби ураження по всій країні: не одне місце
why-one-weapon = єдиний засіб ураження, який називає заява
why-several-weapons = заява називає кілька засобів ураження і не каже, який влучив
why-hit-is-strike = ціль названо ураженою без слова про дію: удар
why-date = { $date }
why-night-ending = ніч, що закінчилася { $date }
why-weekday = { $weekday ->
    [monday] понеділок
    [tuesday] вівторок
    [wednesday] середа
    [thursday] четвер
    [friday] п’ятниця
    [saturday] субота
   *[sunday] неділя
} у день публікації або раніше: { $date }
why-today = день публікації: { $date }
why-yesterday = день перед публікацією: { $date }
why-day-before-yesterday = за два дні до публікації: { $date }
why-past-day = минула доба, відлічена від публікації: { $date }
why-month = місяць { $month }
why-night-ending-publication = ніч, що закінчилася в день публікації, { $date }
why-publication-day = день публікації, { $date }
why-no-time-words = немає слів про час: день публікації, { $date }
why-evening = увечері
why-at = о { $time }
