# Как читатель заявлений прочитал поле (рассмотрение заявлений).
why-source-speaks-for = источник «{ $source }» говорит от имени { $party }
why-speaker-named = заявление называет говорящего
why-side-words = слова, которые употребляет только { $side ->
    [ukraine] украинская
   *[russia] российская
} сторона
why-ukrainian-statement = заявление на украинском, от украинской стороны
why-speaker-unknown = говорящий неизвестен
why-denies-for-itself = говорящий отрицает от своего имени
why-named-denying = назван отрицающим
why-named-doer = назван исполнителем
why-named-doer-elsewhere = назван исполнителем в другом месте заявления
why-implied-own-ground = следует из контекста: { $side ->
    [ukraine] Украина
   *[russia] Россия
} сообщает об атаке на собственной территории
why-implied-other-ground = следует из контекста: { $side ->
    [ukraine] Украина
   *[russia] Россия
} сообщает об ударе по территории другой стороны, не называя, кто ударил
why-no-party-for-side = соглашение не называет сторону для { $side ->
    [ukraine] Украины
   *[russia] России
}
why-own-side-doer = говорящий называет исполнителем собственную сторону
why-near = рядом с { $place_ru }
why-district-of = район города { $place_ru }, названный в заявлении
why-district-around = район вокруг { $place_ru }
why-target-named-after = цель названа по { $place_ru }
why-tally-no-place = сводка о средствах поражения по всей стране: не одно место
why-one-weapon = единственное средство поражения, которое называет заявление
why-several-weapons = заявление называет несколько средств поражения и не говорит, какое попало
why-hit-is-strike = цель названа поражённой без слова о действии: удар
why-date = { $date }
why-night-ending = ночь, закончившаяся { $date }
why-weekday = { $weekday ->
    [monday] понедельник
    [tuesday] вторник
    [wednesday] среда
    [thursday] четверг
    [friday] пятница
    [saturday] суббота
   *[sunday] воскресенье
} в день публикации или раньше: { $date }
why-today = день публикации: { $date }
why-yesterday = день перед публикацией: { $date }
why-day-before-yesterday = за два дня до публикации: { $date }
why-past-day = прошедшие сутки, отсчитанные от публикации: { $date }
why-month = месяц { $month }
why-night-ending-publication = ночь, закончившаяся в день публикации, { $date }
why-publication-day = день публикации, { $date }
why-no-time-words = нет слов о времени: день публикации, { $date }
why-evening = вечером
why-at = в { $time }
