<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>Import from phone…</source>
        <translation>Импорт с телефона…</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <source>Drop photos, videos or documents here, or use Add files.</source>
        <translation>Перетащите сюда фото, видео или документы или нажмите «Добавить файлы».</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Добавить файлы…</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Просмотр</translation>
    </message>
    <message>
        <source>Export a decrypted copy…</source>
        <translation>Экспортировать расшифрованную копию…</translation>
    </message>
    <message>
        <source>&amp;Remove this attachment…</source>
        <translation>&amp;Удалить это вложение…</translation>
    </message>
    <message>
        <source>Remove the chosen file from this draft (also the Delete key in the list)</source>
        <translation>Удалить выбранный файл из этого черновика (также клавиша Delete в списке)</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Ход добавления</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>Остановить добавление</translation>
    </message>
    <message>
        <source>File details</source>
        <translation>Сведения о файле</translation>
    </message>
    <message>
        <source>This file carries a GPS location. It is kept as evidence; think before sharing a copy, since the location can identify people and places.</source>
        <translation>Этот файл содержит GPS-координаты. Он хранится как доказательство; подумайте, прежде чем делиться копией: место может выдать людей и адреса.</translation>
    </message>
    <message>
        <source>Name: {name}</source>
        <translation>Имя: {name}</translation>
    </message>
    <message>
        <source>Type: {type}, {size}</source>
        <translation>Тип: {type}, {size}</translation>
    </message>
    <message>
        <source>Decrypted copy saved ({size}).</source>
        <translation>Расшифрованная копия сохранена ({size}).</translation>
    </message>
    <message>
        <source>SHA-256: {digest}</source>
        <translation>SHA-256: {digest}</translation>
    </message>
    <message>
        <source>Make a &amp;working copy…</source>
        <translation>Сделать &amp;рабочую копию…</translation>
    </message>
    <message>
        <source>A copy to pass on without the location and camera; the original stays</source>
        <translation>Копия, чтобы передать другим, без места и камеры; оригинал остаётся</translation>
    </message>
    <message>
        <source>Attachments status</source>
        <translation>Состояние вложений</translation>
    </message>
    <message>
        <source>{name} (working copy)</source>
        <translation>{name} (рабочая копия)</translation>
    </message>
    <message>
        <source>Taken: {time}</source>
        <translation>Снято: {time}</translation>
    </message>
    <message>
        <source>Camera: {camera}</source>
        <translation>Камера: {camera}</translation>
    </message>
    <message>
        <source>GPS: {lat}, {lon}</source>
        <translation>GPS: {lat}, {lon}</translation>
    </message>
    <message>
        <source>Working copy of: {name} (SHA-256 {digest})</source>
        <translation>Рабочая копия файла: {name} (SHA-256 {digest})</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Добавить файлы</translation>
    </message>
    <message>
        <source>Adding files: {count}…</source>
        <translation>Добавляются файлы: {count}…</translation>
    </message>
    <message>
        <source>Files added: {count}.</source>
        <translation>Добавлено файлов: {count}.</translation>
    </message>
    <message>
        <source>Cancelled; the file being added was not kept.</source>
        <translation>Остановлено; добавлявшийся файл не сохранён.</translation>
    </message>
    <message>
        <source>Not added: {names}</source>
        <translation>Не добавлено: {names}</translation>
    </message>
    <message>
        <source>Export a decrypted copy</source>
        <translation>Экспорт расшифрованной копии</translation>
    </message>
    <message>
        <source>The copy will be readable by anyone who gets this computer or the place you save it to, and other programs may keep their own traces of it. Export only to a place you trust, and delete the copy when done.</source>
        <translation>Копию сможет прочитать любой, кто получит этот компьютер или место, куда вы её сохраните, а другие программы могут оставить свои следы. Экспортируйте только туда, чему доверяете, и удалите копию после работы.</translation>
    </message>
    <message>
        <source>Save the decrypted copy</source>
        <translation>Сохранить расшифрованную копию</translation>
    </message>
    <message>
        <source>Making a working copy of {name}…</source>
        <translation>Создаётся рабочая копия {name}…</translation>
    </message>
    <message>
        <source>Working copy of {name} made; removed: {removed}.</source>
        <translation>Рабочая копия {name} сделана; удалено: {removed}.</translation>
    </message>
    <message>
        <source>nothing was present</source>
        <translation>ничего не было</translation>
    </message>
    <message>
        <source>Faces blurred: {count}. Look at the copy before passing it on: the detector can miss faces.</source>
        <translation>Размыто лиц: {count}. Просмотрите копию, прежде чем передавать её дальше: детектор может пропустить лица.</translation>
    </message>
    <message>
        <source>No working copy was made</source>
        <translation>Рабочая копия не сделана</translation>
    </message>
    <message>
        <source>Remove this attachment</source>
        <translation>Удалить это вложение</translation>
    </message>
    <message>
        <source>Remove “{name}” from this draft? Its encrypted file is deleted from the vault; the custody log keeps its name and SHA-256.</source>
        <translation>Удалить «{name}» из этого черновика? Зашифрованный файл будет удалён из хранилища; в журнале хранения останутся его имя и SHA-256.</translation>
    </message>
    <message>
        <source>&amp;Remove the file</source>
        <translation>&amp;Удалить файл</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Removed: {name}.</source>
        <translation>Удалено: {name}.</translation>
    </message>
    <message>
        <source>The file was not removed</source>
        <translation>Файл не удалён</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>CasesPanel</name>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>New case…</source>
        <translation>Новое дело…</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Новое дело</translation>
    </message>
    <message>
        <source>No cases yet. Create one to begin.</source>
        <translation>Дел пока нет. Создайте первое, чтобы начать.</translation>
    </message>
    <message>
        <source>All testimonies</source>
        <translation>Все показания</translation>
    </message>
    <message>
        <source>{title} ({count})</source>
        <translation>{title} ({count})</translation>
    </message>
</context>
<context>
    <name>ConsentSection</name>
    <message>
        <source>Informed consent</source>
        <translation>Информированное согласие</translation>
    </message>
    <message>
        <source>To be interviewed</source>
        <translation>На интервью</translation>
    </message>
    <message>
        <source>To audio recording of the interview</source>
        <translation>На аудиозапись интервью</translation>
    </message>
    <message>
        <source>To sharing with the accountability platform</source>
        <translation>На передачу платформе подотчётности</translation>
    </message>
    <message>
        <source>To sharing onward (UN, courts, investigators)</source>
        <translation>На дальнейшую передачу (ООН, суды, следователи)</translation>
    </message>
    <message>
        <source>To being named</source>
        <translation>На упоминание имени</translation>
    </message>
    <message>
        <source>To being contacted again</source>
        <translation>На повторный контакт</translation>
    </message>
    <message>
        <source>Consent given at</source>
        <translation>Время дачи согласия</translation>
    </message>
    <message>
        <source>How consent was given</source>
        <translation>Как дано согласие</translation>
    </message>
    <message>
        <source>Consent note</source>
        <translation>Примечание к согласию</translation>
    </message>
    <message>
        <source>Given at</source>
        <translation>Когда дано</translation>
    </message>
    <message>
        <source>How it was given</source>
        <translation>Как дано</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>given</source>
        <translation>дано</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>не дано</translation>
    </message>
    <message>
        <source>Change a consent answer</source>
        <translation>Изменить ответ о согласии</translation>
    </message>
    <message>
        <source>“{answer}” is recorded as {before}. Change it to {after}? The custody log will name this answer as changed.</source>
        <translation>«{answer}» записано как {before}. Изменить на {after}? Журнал хранения назовёт этот ответ изменённым.</translation>
    </message>
    <message>
        <source>Change the answer</source>
        <translation>Изменить ответ</translation>
    </message>
    <message>
        <source>Keep the answer</source>
        <translation>Оставить ответ</translation>
    </message>
</context>
<context>
    <name>CreateVaultPage</name>
    <message>
        <source>Create a vault</source>
        <translation>Создать хранилище</translation>
    </message>
    <message>
        <source>Everything you record is kept encrypted in this folder. Choose a passphrase you can remember; without it or the recovery key nobody can open the vault, including you.</source>
        <translation>Всё, что вы записываете, хранится в этой папке в зашифрованном виде. Выберите парольную фразу, которую запомните: без неё или ключа восстановления никто не откроет хранилище, даже вы.</translation>
    </message>
    <message>
        <source>Vault folder</source>
        <translation>Папка хранилища</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Choose the vault folder</source>
        <translation>Выберите папку хранилища</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторите парольную фразу</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Надёжность парольной фразы</translation>
    </message>
    <message>
        <source>Create the vault</source>
        <translation>Создать хранилище</translation>
    </message>
    <message>
        <source>&amp;Open a vault folder…</source>
        <translation>&amp;Открыть папку хранилища…</translation>
    </message>
    <message>
        <source>Open a vault folder</source>
        <translation>Открыть папку хранилища</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Парольная фраза</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Too short: use at least {count} characters, for example four or five words.</source>
        <translation>Слишком коротко: нужно не меньше {count} знаков, например четыре-пять слов.</translation>
    </message>
    <message>
        <source>Weak: add more words or varied characters.</source>
        <translation>Слабо: добавьте слова или разные знаки.</translation>
    </message>
    <message>
        <source>Fair.</source>
        <translation>Приемлемо.</translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation>Надёжно.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не совпадают.</translation>
    </message>
    <message>
        <source>Measuring this computer to make the passphrase as hard to guess as it can afford, then creating the vault. This takes a few seconds.</source>
        <translation>Измеряем возможности компьютера, чтобы парольную фразу было как можно труднее подобрать, и создаём хранилище. Это займёт несколько секунд.</translation>
    </message>
    <message>
        <source>Creating the vault</source>
        <translation>Создание хранилища</translation>
    </message>
    <message>
        <source>Your recovery key</source>
        <translation>Ваш ключ восстановления</translation>
    </message>
    <message>
        <source>Write this key on paper and keep it somewhere safe, away from this computer. It opens the vault if the passphrase is forgotten. It is shown only now.</source>
        <translation>Запишите этот ключ на бумаге и храните в надёжном месте, подальше от этого компьютера. Он откроет хранилище, если парольная фраза забудется. Он показывается только сейчас.</translation>
    </message>
</context>
<context>
    <name>CustodyDialog</name>
    <message>
        <source>Custody log</source>
        <translation>Журнал хранения</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Custody events</source>
        <translation>События хранения</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time}</source>
        <translation>Метка времени от {authority}: {time}</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД</translation>
    </message>
    <message>
        <source>YYYY-MM-DD HH:MM, local time</source>
        <translation>ГГГГ-ММ-ДД ЧЧ:ММ, местное время</translation>
    </message>
    <message>
        <source>Alt+Down or F4 opens a calendar</source>
        <translation>Alt+Вниз или F4 открывает календарь</translation>
    </message>
    <message>
        <source>Choose a date in a calendar</source>
        <translation>Выбрать дату в календаре</translation>
    </message>
    <message>
        <source>This date is in the future: check it.</source>
        <translation>Эта дата в будущем: проверьте её.</translation>
    </message>
</context>
<context>
    <name>DriveWarning</name>
    <message>
        <source>About the drive of this folder</source>
        <translation>О диске этой папки</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions: the vault&apos;s files are encrypted, but anyone who plugs the drive in can copy or delete them. Prefer a drive formatted NTFS, APFS or ext4, or encrypt the whole drive.</source>
        <translation>Этот диск отформатирован в {name}, где нет ни владельца, ни прав доступа: файлы хранилища зашифрованы, но любой, кто подключит диск, может их скопировать или удалить. Лучше выберите диск, отформатированный в NTFS, APFS или ext4, или зашифруйте весь диск.</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions and holds no file over 4 GiB: the package is encrypted, but anyone who plugs the drive in can copy or delete it, and a larger package is refused.</source>
        <translation>Этот диск отформатирован в {name}, где нет ни владельца, ни прав доступа и нельзя хранить файл больше 4 ГиБ: пакет зашифрован, но любой, кто подключит диск, может его скопировать или удалить, а пакет большего размера будет отклонён.</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions: the package is encrypted, but anyone who plugs the drive in can copy or delete it.</source>
        <translation>Этот диск отформатирован в {name}, где нет ни владельца, ни прав доступа: пакет зашифрован, но любой, кто подключит диск, может его скопировать или удалить.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export a package</source>
        <translation>Экспорт пакета</translation>
    </message>
    <message>
        <source>Destination folder</source>
        <translation>Папка назначения</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Reading the settings…</source>
        <translation>Читаем настройки…</translation>
    </message>
    <message>
        <source>Saved coordinators to encrypt to</source>
        <translation>Сохранённые координаторы, для которых шифровать</translation>
    </message>
    <message>
        <source>None saved; coordinators can be added in Settings.</source>
        <translation>Нет сохранённых; координаторов можно добавить в Настройках.</translation>
    </message>
    <message>
        <source>Other recipients, one age key per line</source>
        <translation>Другие получатели, по одному ключу age в строке</translation>
    </message>
    <message>
        <source>What the platform receives</source>
        <translation>Что получает платформа</translation>
    </message>
    <message>
        <source>What the other recipients receive</source>
        <translation>Что получают другие получатели</translation>
    </message>
    <message>
        <source>Export result</source>
        <translation>Результат экспорта</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспортировать</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Куда</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Платформа</translation>
    </message>
    <message>
        <source>Coordinators</source>
        <translation>Координаторы</translation>
    </message>
    <message>
        <source>Other recipients</source>
        <translation>Другие получатели</translation>
    </message>
    <message>
        <source>The platform &amp;receives</source>
        <translation>Платформа &amp;получает</translation>
    </message>
    <message>
        <source>The &amp;others receive</source>
        <translation>&amp;Другие получают</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>Оригиналы</translation>
    </message>
    <message>
        <source>Working copies (location and camera removed)</source>
        <translation>Рабочие копии (без места и камеры)</translation>
    </message>
    <message>
        <source>Encrypted to the platform&apos;s key {key}</source>
        <translation>Зашифровано для ключа платформы {key}</translation>
    </message>
    <message>
        <source>No platform key is set; add recipients below or set it in Settings.</source>
        <translation>Ключ платформы не задан; добавьте получателей ниже или задайте его в настройках.</translation>
    </message>
    <message>
        <source>Choose where to write the package</source>
        <translation>Выберите, куда записать пакет</translation>
    </message>
    <message>
        <source>Writing the package…</source>
        <translation>Записываем пакет…</translation>
    </message>
    <message>
        <source>Written and read back: {name}, {size}, SHA-256 {digest} ({media}).</source>
        <translation>Записан и прочитан заново: {name}, {size}, SHA-256 {digest} ({media}).</translation>
    </message>
    <message>
        <source>Only a recipient can open it.</source>
        <translation>Открыть его может только получатель.</translation>
    </message>
    <message>
        <source>Only a recipient can open them.</source>
        <translation>Открыть их может только получатель.</translation>
    </message>
    <message>
        <source>working copies</source>
        <translation>рабочие копии</translation>
    </message>
    <message>
        <source>originals</source>
        <translation>оригиналы</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Decrypting…</source>
        <translation>Расшифровываем…</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Изображение</translation>
    </message>
    <message>
        <source>This image cannot be shown.</source>
        <translation>Это изображение невозможно показать.</translation>
    </message>
</context>
<context>
    <name>IncidentBox</name>
    <message>
        <source>Incident</source>
        <translation>Инцидент</translation>
    </message>
    <message>
        <source>Incident date from</source>
        <translation>Дата инцидента, с</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>необязательно</translation>
    </message>
    <message>
        <source>Incident date to</source>
        <translation>Дата инцидента, по</translation>
    </message>
    <message>
        <source>Incident place</source>
        <translation>Место инцидента</translation>
    </message>
    <message>
        <source>Violation types</source>
        <translation>Виды нарушений</translation>
    </message>
    <message>
        <source>separate several with ;</source>
        <translation>несколько через ;</translation>
    </message>
    <message>
        <source>Alleged perpetrators</source>
        <translation>Предполагаемые виновные</translation>
    </message>
    <message>
        <source>Witnesses</source>
        <translation>Свидетели</translation>
    </message>
    <message>
        <source>Incident description</source>
        <translation>Описание инцидента</translation>
    </message>
    <message>
        <source>Remove this incident…</source>
        <translation>Удалить этот инцидент…</translation>
    </message>
    <message>
        <source>Asks first when the incident holds anything</source>
        <translation>Сначала спрашивает, если в инциденте что-то заполнено</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Нарушения</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
</context>
<context>
    <name>InterviewSection</name>
    <message>
        <source>Interview</source>
        <translation>Интервью</translation>
    </message>
    <message>
        <source>Interview date and time</source>
        <translation>Дата и время интервью</translation>
    </message>
    <message>
        <source>Interview place</source>
        <translation>Место интервью</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>Интервьюер</translation>
    </message>
    <message>
        <source>Language of the interview</source>
        <translation>Язык интервью</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Переводчик</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
</context>
<context>
    <name>IstanbulSection</name>
    <message>
        <source>Istanbul Protocol sections</source>
        <translation>Разделы Стамбульского протокола</translation>
    </message>
    <message>
        <source>Show the Istanbul Protocol sections</source>
        <translation>Показать разделы Стамбульского протокола</translation>
    </message>
    <message>
        <source>Circumstances of the arrest or detention</source>
        <translation>Обстоятельства ареста или задержания</translation>
    </message>
    <message>
        <source>Place and routine of detention</source>
        <translation>Место и режим содержания</translation>
    </message>
    <message>
        <source>Methods of torture or ill-treatment</source>
        <translation>Методы пыток или жестокого обращения</translation>
    </message>
    <message>
        <source>Injuries and after-effects</source>
        <translation>Травмы и последствия</translation>
    </message>
    <message>
        <source>Persons involved</source>
        <translation>Причастные лица</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Vault</source>
        <translation>&amp;Хранилище</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Заблокировать</translation>
    </message>
    <message>
        <source>&amp;Quick lock and hide</source>
        <translation>&amp;Быстро заблокировать и скрыть</translation>
    </message>
    <message>
        <source>&amp;Verify a package…</source>
        <translation>&amp;Проверить пакет…</translation>
    </message>
    <message>
        <source>S&amp;ync with the platform…</source>
        <translation>С&amp;инхронизировать с платформой…</translation>
    </message>
    <message>
        <source>Change the &amp;passphrase…</source>
        <translation>Сменить &amp;парольную фразу…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выйти</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <source>Change all &amp;keys (re-key)…</source>
        <translation>Сменить все &amp;ключи…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>Recovery s&amp;hares…</source>
        <translation>&amp;Доли восстановления…</translation>
    </message>
    <message>
        <source>&amp;Wipe this vault…</source>
        <translation>&amp;Уничтожить это хранилище…</translation>
    </message>
    <message>
        <source>&amp;Wipe…</source>
        <translation>&amp;Уничтожить…</translation>
    </message>
    <message>
        <source>There is no vault in this folder: {folder}</source>
        <translation>В этой папке нет хранилища: {folder}</translation>
    </message>
    <message>
        <source>This folder already holds a vault: unlock it with its passphrase, or open another folder.</source>
        <translation>В этой папке уже есть хранилище: откройте его парольной фразой или выберите другую папку.</translation>
    </message>
    <message>
        <source>It is open read-only: you can read everything but change nothing.</source>
        <translation>Оно открыто только для чтения: можно всё читать, но ничего нельзя изменить.</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Только для чтения</translation>
    </message>
    <message>
        <source>&amp;Accept this state…</source>
        <translation>&amp;Принять это состояние…</translation>
    </message>
    <message>
        <source>This vault&apos;s database is older than its keys: it may have been replaced with an older copy.</source>
        <translation>База данных этого хранилища старше его ключей: возможно, её подменили более старой копией.</translation>
    </message>
    <message>
        <source>The database is older than its keys</source>
        <translation>База данных старше своих ключей</translation>
    </message>
    <message>
        <source>The vault is open read-only. If you did not put back an older copy yourself (for example from a backup), someone may have replaced it to undo changes: keep it read-only and ask for help. “Accept this state” makes it writable again as it is now.</source>
        <translation>Хранилище открыто только для чтения. Если вы сами не возвращали более старую копию (например, из резервной), кто-то мог подменить её, чтобы отменить изменения: оставьте его только для чтения и попросите помощи. «Принять это состояние» снова разрешает изменения в нынешнем состоянии.</translation>
    </message>
    <message>
        <source>Accept this state</source>
        <translation>Принять это состояние</translation>
    </message>
    <message>
        <source>Accept the database as it is now? Do this only if you know why it is older than its keys, for example because you restored a backup yourself. Changes made after that copy are not brought back. The acceptance is recorded in the custody log.</source>
        <translation>Принять базу данных в нынешнем состоянии? Делайте это, только если знаете, почему она старше своих ключей, например, если вы сами восстановили резервную копию. Изменения, сделанные после этой копии, не вернутся. Принятие записывается в журнал хранения.</translation>
    </message>
    <message>
        <source>Keep it read-only</source>
        <translation>Оставить только для чтения</translation>
    </message>
    <message>
        <source>The vault was not wiped</source>
        <translation>Хранилище не уничтожено</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Новое дело</translation>
    </message>
    <message>
        <source>Case title</source>
        <translation>Название дела</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Create case</source>
        <translation>Создать дело</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
</context>
<context>
    <name>NewTestimonyDialog</name>
    <message>
        <source>New testimony</source>
        <translation>Новое показание</translation>
    </message>
    <message>
        <source>Code or pseudonym of the person interviewed</source>
        <translation>Код или псевдоним опрошенного лица</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Survivor</source>
        <translation>Пострадавший</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>Свидетель</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>Родственник</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <source>Start the testimony</source>
        <translation>Начать показание</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Code or pseudonym</source>
        <translation>Код или псевдоним</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Change the passphrase</source>
        <translation>Сменить парольную фразу</translation>
    </message>
    <message>
        <source>Current passphrase or recovery key</source>
        <translation>Текущая парольная фраза или ключ восстановления</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторите парольную фразу</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Сменить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Текущая</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Слишком слабо: не меньше {count} знаков, несколько слов.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не совпадают.</translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation>Меняем…</translation>
    </message>
</context>
<context>
    <name>PersonDetailsSection</name>
    <message>
        <source>Identifying details</source>
        <translation>Идентифицирующие сведения</translation>
    </message>
    <message>
        <source>These travel only with consent to be named; without it a package names the person by code only.</source>
        <translation>Передаются только с согласием на упоминание имени; без него пакет называет человека только по коду.</translation>
    </message>
    <message>
        <source>Full name of the person interviewed</source>
        <translation>Полное имя опрошенного лица</translation>
    </message>
    <message>
        <source>Contacts of the person interviewed</source>
        <translation>Контакты опрошенного лица</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>A sealed testimony names this person: these details can no longer change.</source>
        <translation>Этого человека называет опечатанное показание: эти сведения больше нельзя изменить.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Полное имя</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
</context>
<context>
    <name>PhoneImportDialog</name>
    <message>
        <source>Phone key</source>
        <translation>Ключ телефона</translation>
    </message>
    <message>
        <source>Signature over the photo or video</source>
        <translation>Подпись фото или видео</translation>
    </message>
    <message>
        <source>Proof table names this file</source>
        <translation>Таблица доказательств называет этот файл</translation>
    </message>
    <message>
        <source>Signature over the proof table</source>
        <translation>Подпись таблицы доказательств</translation>
    </message>
    <message>
        <source>Proof records name this file</source>
        <translation>Записи доказательств называют этот файл</translation>
    </message>
    <message>
        <source>Signature over the proof records</source>
        <translation>Подпись записей доказательств</translation>
    </message>
    <message>
        <source>Proof data</source>
        <translation>Данные доказательств</translation>
    </message>
    <message>
        <source>File named by the proofs</source>
        <translation>Файл, названный в доказательствах</translation>
    </message>
    <message>
        <source>Covered by a proof</source>
        <translation>Подтверждён доказательством</translation>
    </message>
    <message>
        <source>Older ProofMode export</source>
        <translation>Старый формат экспорта ProofMode</translation>
    </message>
    <message>
        <source>Device attestation</source>
        <translation>Аттестация устройства</translation>
    </message>
    <message>
        <source>Time stamp (OpenTimestamps)</source>
        <translation>Метка времени (OpenTimestamps)</translation>
    </message>
    <message>
        <source>Content credentials (C2PA)</source>
        <translation>Сведения о происхождении (C2PA)</translation>
    </message>
    <message>
        <source>Content credentials of an ingredient</source>
        <translation>Сведения о происхождении компонента</translation>
    </message>
    <message>
        <source>Content credentials kept online</source>
        <translation>Сведения о происхождении хранятся в сети</translation>
    </message>
    <message>
        <source>Reading content credentials</source>
        <translation>Чтение сведений о происхождении</translation>
    </message>
    <message>
        <source>Tella file hash</source>
        <translation>Хеш файла Tella</translation>
    </message>
    <message>
        <source>Save metadata</source>
        <translation>Метаданные Save</translation>
    </message>
    <message>
        <source>Save metadata names this file</source>
        <translation>Метаданные Save называют этот файл</translation>
    </message>
    <message>
        <source>Proof of origin</source>
        <translation>Доказательство происхождения</translation>
    </message>
    <message>
        <source>Photos or videos in the export</source>
        <translation>Фото или видео в экспорте</translation>
    </message>
    <message>
        <source>holds</source>
        <translation>подтверждено</translation>
    </message>
    <message>
        <source>FAILS</source>
        <translation>НЕ ПРОХОДИТ</translation>
    </message>
    <message>
        <source>cannot be checked</source>
        <translation>невозможно проверить</translation>
    </message>
    <message>
        <source>noted</source>
        <translation>отмечено</translation>
    </message>
    <message>
        <source>Verified: every proof that was found holds.</source>
        <translation>Проверено: каждое найденное доказательство подтверждено.</translation>
    </message>
    <message>
        <source>FAILED: at least one proof does not hold. Import it only to keep it as it is; it will be marked as failed everywhere it shows.</source>
        <translation>НЕ ПРОШЛО ПРОВЕРКУ: как минимум одно доказательство не подтверждено. Импортируйте, только чтобы сохранить как есть; оно будет отмечено как не прошедшее проверку везде, где показывается.</translation>
    </message>
    <message>
        <source>Cannot be verified: nothing failed, but some proofs could not be checked (no phone key, a signer not on the trust list, or no proof at all).</source>
        <translation>Невозможно проверить: ничего не провалило проверку, но часть доказательств проверить нельзя (нет ключа телефона, подписант не из списка доверенных или доказательств нет вовсе).</translation>
    </message>
    <message>
        <source>Phone key: {fingerprint}</source>
        <translation>Ключ телефона: {fingerprint}</translation>
    </message>
    <message>
        <source>Known as: {name}</source>
        <translation>Известен как: {name}</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Файл: {name}</translation>
    </message>
    <message>
        <source>Import from phone</source>
        <translation>Импорт с телефона</translation>
    </message>
    <message>
        <source>Choose a ProofMode, Tella or Save export, or a photo or video with content credentials. It is checked here, offline, before anything is stored.</source>
        <translation>Выберите экспорт ProofMode, Tella или Save либо фото или видео со сведениями о происхождении. Он проверяется здесь, без сети, прежде чем что-либо сохраняется.</translation>
    </message>
    <message>
        <source>Choose a zip, photo or video…</source>
        <translation>Выбрать zip, фото или видео…</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Выбрать папку…</translation>
    </message>
    <message>
        <source>Verification report</source>
        <translation>Отчёт о проверке</translation>
    </message>
    <message>
        <source>Whose phone (a name; its key is remembered)</source>
        <translation>Чей телефон (имя; его ключ запомнится)</translation>
    </message>
    <message>
        <source>Import anyway, marked as FAILED</source>
        <translation>Всё равно импортировать с отметкой «НЕ ПРОШЛО ПРОВЕРКУ»</translation>
    </message>
    <message>
        <source>This phone has a new key (the change is recorded)</source>
        <translation>У этого телефона новый ключ (изменение записывается)</translation>
    </message>
    <message>
        <source>Import status</source>
        <translation>Состояние импорта</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>Not imported: {reason}</source>
        <translation>Не импортировано: {reason}</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>Импортировано.</translation>
    </message>
</context>
<context>
    <name>ProfileSwapDialog</name>
    <message>
        <source>This profile sends packages elsewhere</source>
        <translation>Этот профиль отправляет пакеты в другое место</translation>
    </message>
    <message>
        <source>This profile file sends packages somewhere else than the profile in use, so it was not imported. A planted profile would send every future testimony to someone else. Call the platform (or meet them) and compare each fingerprint below aloud before replacing.</source>
        <translation>Этот файл профиля отправляет пакеты не туда, куда текущий профиль, поэтому он не импортирован. Подброшенный профиль отправлял бы каждое следующее свидетельство кому-то другому. Перед заменой позвоните на платформу (или встретьтесь) и сверьте вслух каждый отпечаток ниже.</translation>
    </message>
    <message>
        <source>Platform key</source>
        <translation>Ключ платформы</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Сертификат</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Receipt key</source>
        <translation>Ключ квитанций</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>Используется сейчас</translation>
    </message>
    <message>
        <source>In this file</source>
        <translation>В этом файле</translation>
    </message>
    <message>
        <source>in use now</source>
        <translation>используется сейчас</translation>
    </message>
    <message>
        <source>in this file</source>
        <translation>в этом файле</translation>
    </message>
    <message>
        <source>{field}, {side}</source>
        <translation>{field}, {side}</translation>
    </message>
    <message>
        <source>I &amp;compared the new fingerprints with the platform by voice</source>
        <translation>Я &amp;сверил новые отпечатки с платформой голосом</translation>
    </message>
    <message>
        <source>&amp;Replace the profile</source>
        <translation>&amp;Заменить профиль</translation>
    </message>
    <message>
        <source>&amp;Keep the profile in use</source>
        <translation>&amp;Оставить текущий профиль</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>Диск</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Папка:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Имя файла:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Тип файлов:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Папка:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Выбрать</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Переименовать</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;Новая папка</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Показывать &amp;скрытые файлы</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Папки</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Вперёд</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Вернуться назад</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Перейти вперёд</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Родительская папка</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Перейти в родительскую папку</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Создать новую папку</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Создать новую папку</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Список</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Показать списком</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Подробно</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Показать подробно</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Боковая панель</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Список мест и закладок</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Дата изменения</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Компьютер</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить действие</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить действие</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Вырезать</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копировать</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>В&amp;ставить</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Выделить всё</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Да</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Нет</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Да для &amp;всех</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Н&amp;ет для всех</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Сохранить все</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Не сохранять</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Применить</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Восстановить значения по умолчанию</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Справка</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Прервать</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Пропустить</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить действие</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить действие</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Вырезать</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копировать</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>В&amp;ставить</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Выделить всё</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Копировать &amp;адрес ссылки</translation>
    </message>
</context>
<context>
    <name>RecorderPanel</name>
    <message>
        <source>Audio recording</source>
        <translation>Аудиозапись</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Записать</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <source>Input level</source>
        <translation>Уровень сигнала</translation>
    </message>
    <message>
        <source>Recording time</source>
        <translation>Время записи</translation>
    </message>
    <message>
        <source>Recording status</source>
        <translation>Состояние записи</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Воспроизвести</translation>
    </message>
    <message>
        <source>Playback position</source>
        <translation>Позиция воспроизведения</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>No microphone was found on this computer.</source>
        <translation>На этом компьютере не найден микрофон.</translation>
    </message>
    <message>
        <source>Recording needs the consent to audio recording, ticked above.</source>
        <translation>Для записи нужно согласие на аудиозапись, отмеченное выше.</translation>
    </message>
    <message>
        <source>Asking the system for access to the microphone…</source>
        <translation>Запрашиваем у системы доступ к микрофону…</translation>
    </message>
    <message>
        <source>This program may not use the microphone. Allow it in System Settings › Privacy &amp; Security › Microphone, then press Record again.</source>
        <translation>Этой программе не разрешено пользоваться микрофоном. Разрешите это в «Системные настройки › Конфиденциальность и безопасность › Микрофон» и снова нажмите «Записать».</translation>
    </message>
    <message>
        <source>This program may not use the microphone. Allow it in Settings › Privacy &amp; security › Microphone, then press Record again.</source>
        <translation>Этой программе не разрешено пользоваться микрофоном. Разрешите это в «Параметры › Конфиденциальность и защита › Микрофон» и снова нажмите «Записать».</translation>
    </message>
    <message>
        <source>The system does not allow this program to use the microphone.</source>
        <translation>Система не разрешает этой программе пользоваться микрофоном.</translation>
    </message>
    <message>
        <source>Recording is not available: this computer&apos;s media components could not be loaded. On Windows &quot;N&quot; editions, install the Media Feature Pack (Settings › Apps › Optional features) and start the program again. Everything else works.</source>
        <translation>Запись недоступна: не удалось загрузить мультимедийные компоненты этого компьютера. В выпусках Windows «N» установите пакет компонентов мультимедиа (Media Feature Pack; «Параметры › Приложения › Дополнительные компоненты») и запустите программу снова. Всё остальное работает.</translation>
    </message>
    <message>
        <source>The microphone could not be opened.</source>
        <translation>Не удалось открыть микрофон.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Начинаем…</translation>
    </message>
    <message>
        <source>Recording. The audio is encrypted into the vault as it comes.</source>
        <translation>Идёт запись. Звук шифруется в хранилище сразу.</translation>
    </message>
    <message>
        <source>Starting the microphone: begin when the clock starts running.</source>
        <translation>Микрофон включается: начинайте, когда часы пойдут.</translation>
    </message>
    <message>
        <source>Paused. Nothing is recorded until you press Resume.</source>
        <translation>Приостановлено. Ничего не записывается, пока вы не нажмёте «Продолжить».</translation>
    </message>
    <message>
        <source>The microphone gives sound ({input}) but the audio encoder has written nothing for {seconds} s: nothing is being stored. {reason}</source>
        <translation>Микрофон даёт звук ({input}), но аудиокодировщик ничего не записал за {seconds} с: ничего не сохраняется. {reason}</translation>
    </message>
    <message>
        <source>The encoder said: {error}</source>
        <translation>Кодировщик сообщил: {error}</translation>
    </message>
    <message>
        <source>It reported no error. Check the microphone in the system&apos;s sound settings and record again.</source>
        <translation>Он не сообщил об ошибке. Проверьте микрофон в настройках звука системы и запишите снова.</translation>
    </message>
    <message>
        <source>Stop, and take written notes meanwhile.</source>
        <translation>Остановите запись и пока ведите письменные заметки.</translation>
    </message>
    <message>
        <source>Finishing the recording…</source>
        <translation>Завершаем запись…</translation>
    </message>
    <message>
        <source>The microphone stopped working; what was recorded is kept.</source>
        <translation>Микрофон перестал работать; записанное сохранено.</translation>
    </message>
    <message>
        <source>The microphone gave sound, but the audio encoder wrote nothing, so no recording could be stored. {reason}</source>
        <translation>Микрофон давал звук, но аудиокодировщик ничего не записал, поэтому запись не удалось сохранить. {reason}</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>Ничего не записано.</translation>
    </message>
    <message>
        <source>Recording saved ({seconds} s).</source>
        <translation>Запись сохранена ({seconds} с).</translation>
    </message>
    <message>
        <source>Pause playback</source>
        <translation>Приостановить</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPanel</name>
    <message>
        <source>Recovery key</source>
        <translation>Ключ восстановления</translation>
    </message>
    <message>
        <source>To check you have it, type its last group:</source>
        <translation>Для проверки введите его последнюю группу:</translation>
    </message>
    <message>
        <source>Last group of the recovery key</source>
        <translation>Последняя группа ключа восстановления</translation>
    </message>
    <message>
        <source>I have written it down</source>
        <translation>Я его записал(а)</translation>
    </message>
</context>
<context>
    <name>RekeyDialog</name>
    <message>
        <source>Change all keys (re-key)</source>
        <translation>Сменить все ключи (перешифрование)</translation>
    </message>
    <message>
        <source>Gives the vault a new master key: the database is re-encrypted and every key re-wrapped. Afterwards the old recovery key and every recovery share are worthless, and so is the old passphrase if you choose a new one. Do this after anyone forced you to unlock the vault or saw a secret. A copy of the vault folder taken before stays readable with the old secrets.</source>
        <translation>Даёт хранилищу новый главный ключ: база данных перешифровывается, и каждый ключ перезаворачивается. После этого старый ключ восстановления и все доли восстановления ничего не стоят, как и старая парольная фраза, если вы выберете новую. Сделайте это, если вас заставили открыть хранилище или кто-то увидел секрет. Копия папки хранилища, снятая раньше, остаётся читаемой со старыми секретами.</translation>
    </message>
    <message>
        <source>Current passphrase or recovery key</source>
        <translation>Текущая парольная фраза или ключ восстановления</translation>
    </message>
    <message>
        <source>Also choose a &amp;new passphrase</source>
        <translation>Также выбрать &amp;новую парольную фразу</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторите парольную фразу</translation>
    </message>
    <message>
        <source>Change all keys</source>
        <translation>Сменить все ключи</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Текущая</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Re-encrypting the database and re-wrapping every key. Keep the program open; if it is interrupted, the vault opens with the old secrets and the re-key can be run again.</source>
        <translation>Перешифровывается база данных и перезаворачивается каждый ключ. Не закрывайте программу; если процесс прервётся, хранилище откроется старыми секретами, и смену ключей можно будет запустить снова.</translation>
    </message>
    <message>
        <source>Changing all keys</source>
        <translation>Смена всех ключей</translation>
    </message>
    <message>
        <source>Your new recovery key</source>
        <translation>Ваш новый ключ восстановления</translation>
    </message>
    <message>
        <source>All keys were changed. The old recovery key and every recovery share no longer open the vault: destroy them. Write this new key on paper and keep it somewhere safe, away from this computer. It is shown only now.</source>
        <translation>Все ключи сменены. Старый ключ восстановления и все доли восстановления больше не открывают хранилище: уничтожьте их. Запишите этот новый ключ на бумаге и храните в надёжном месте, подальше от этого компьютера. Он показывается только сейчас.</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Слишком слабо: не меньше {count} знаков, несколько слов.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не совпадают.</translation>
    </message>
    <message>
        <source>With the recovery key, also choose a new passphrase.</source>
        <translation>С ключом восстановления выберите также новую парольную фразу.</translation>
    </message>
</context>
<context>
    <name>SealDialog</name>
    <message>
        <source>Seal the testimony</source>
        <translation>Опечатать показание</translation>
    </message>
    <message>
        <source>Sealing signs this version with this device&apos;s key. After that it cannot change; a correction becomes a new version.</source>
        <translation>Опечатывание подписывает эту версию ключом устройства. После этого она не может измениться; исправление станет новой версией.</translation>
    </message>
    <message>
        <source>Reading the testimony…</source>
        <translation>Читаем показание…</translation>
    </message>
    <message>
        <source>Device fingerprint</source>
        <translation>Отпечаток устройства</translation>
    </message>
    <message>
        <source>I have read the consent back and it is correct</source>
        <translation>Я зачитал(а) согласие, и оно верное</translation>
    </message>
    <message>
        <source>Seal result</source>
        <translation>Результат опечатывания</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>Опечатать</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>What will be signed</source>
        <translation>Что будет подписано</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <source>{person}, version {version}. Incidents: {incidents}. Narrative: {chars} characters. Attachments: {attachments} ({size}).</source>
        <translation>{person}, версия {version}. Инцидентов: {incidents}. Рассказ: знаков {chars}. Вложений: {attachments} ({size}).</translation>
    </message>
    <message>
        <source>interview</source>
        <translation>интервью</translation>
    </message>
    <message>
        <source>audio recording</source>
        <translation>аудиозапись</translation>
    </message>
    <message>
        <source>sharing with the platform</source>
        <translation>передача платформе</translation>
    </message>
    <message>
        <source>sharing onward</source>
        <translation>дальнейшая передача</translation>
    </message>
    <message>
        <source>being named</source>
        <translation>упоминание имени</translation>
    </message>
    <message>
        <source>being contacted again</source>
        <translation>повторный контакт</translation>
    </message>
    <message>
        <source>Agreed to: {yes}. Not agreed: {no}.</source>
        <translation>Согласие на: {yes}. Без согласия: {no}.</translation>
    </message>
    <message>
        <source>It cannot be sealed yet: {reason}</source>
        <translation>Пока нельзя опечатать: {reason}</translation>
    </message>
    <message>
        <source>Sealed. Content fingerprint (SHA-256): {digest}</source>
        <translation>Опечатано. Отпечаток содержимого (SHA-256): {digest}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation>Блокировать после минут без использования</translation>
    </message>
    <message>
        <source>Show a neutral window title (“Notes”)</source>
        <translation>Нейтральный заголовок окна («Заметки»)</translation>
    </message>
    <message>
        <source>Platform key</source>
        <translation>Ключ платформы</translation>
    </message>
    <message>
        <source>Device fingerprint</source>
        <translation>Отпечаток устройства</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Блокировать через</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Платформа</translation>
    </message>
    <message>
        <source>Reading the settings…</source>
        <translation>Читаем настройки…</translation>
    </message>
    <message>
        <source>Pinned certificate fingerprint</source>
        <translation>Отпечаток закреплённого сертификата</translation>
    </message>
    <message>
        <source>Receipt key fingerprint</source>
        <translation>Отпечаток ключа квитанций</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Прокси</translation>
    </message>
    <message>
        <source>Import profile file…</source>
        <translation>Импортировать файл профиля…</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Pinned certificate</source>
        <translation>Закреплённый сертификат</translation>
    </message>
    <message>
        <source>Receipt key</source>
        <translation>Ключ квитанций</translation>
    </message>
    <message>
        <source>Coordinators</source>
        <translation>Координаторы</translation>
    </message>
    <message>
        <source>Saved coordinators</source>
        <translation>Сохранённые координаторы</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Coordinator&apos;s name</source>
        <translation>Имя координатора</translation>
    </message>
    <message>
        <source>Coordinator&apos;s key</source>
        <translation>Ключ координатора</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Exports can also be encrypted to these keys.</source>
        <translation>При экспорте можно шифровать и для этих ключей.</translation>
    </message>
    <message>
        <source>No platform profile yet: import the file your coordinator gave you.</source>
        <translation>Профиля платформы ещё нет: импортируйте файл от координатора.</translation>
    </message>
    <message>
        <source>{name} ({host})</source>
        <translation>{name} ({host})</translation>
    </message>
    <message>
        <source>Choose the profile file</source>
        <translation>Выберите файл профиля</translation>
    </message>
    <message>
        <source>Reading the profile…</source>
        <translation>Читаем профиль…</translation>
    </message>
    <message>
        <source>Profile imported.</source>
        <translation>Профиль импортирован.</translation>
    </message>
    <message>
        <source>The file still holds the device token: delete it now (and empty the trash).</source>
        <translation>В файле всё ещё есть токен устройства: удалите его сейчас (и очистите корзину).</translation>
    </message>
    <message>
        <source>This file is not a usable platform profile; ask your coordinator for a new one.</source>
        <translation>Этот файл не подходит как профиль платформы; попросите у координатора новый.</translation>
    </message>
    <message>
        <source>A name needs 1 to {count} visible characters.</source>
        <translation>Имя должно содержать от 1 до {count} видимых символов.</translation>
    </message>
    <message>
        <source>This is not an age public key. It starts with age1; the coordinator can print it with age-keygen -y.</source>
        <translation>Это не открытый ключ age. Он начинается с age1; координатор может вывести его командой age-keygen -y.</translation>
    </message>
    <message>
        <source>This name or key is already saved.</source>
        <translation>Такое имя или ключ уже сохранены.</translation>
    </message>
    <message>
        <source>At most {count} coordinators can be saved.</source>
        <translation>Можно сохранить не более {count} координаторов.</translation>
    </message>
    <message>
        <source>This proxy cannot be used. Write it as socks5h://host:port, for example socks5h://127.0.0.1:9050 (socks5h: the proxy, not this device, looks up names). Leave it empty for no proxy.</source>
        <translation>Этот прокси нельзя использовать. Запишите его как socks5h://host:port, например socks5h://127.0.0.1:9050 (socks5h: имена ищет прокси, а не это устройство). Оставьте поле пустым, если прокси не нужен.</translation>
    </message>
    <message>
        <source>Platform key fingerprint</source>
        <translation>Отпечаток ключа платформы</translation>
    </message>
    <message>
        <source>If the laptop is taken</source>
        <translation>Если ноутбук заберут</translation>
    </message>
    <message>
        <source>&amp;Wipe the vault after failed unlocks</source>
        <translation>&amp;Уничтожать хранилище после неудачных попыток открыть</translation>
    </message>
    <message>
        <source> failed unlocks in a row</source>
        <translation> неудачных попыток подряд</translation>
    </message>
    <message>
        <source>Wipe after this many failed unlocks</source>
        <translation>Уничтожить после стольких неудачных попыток</translation>
    </message>
    <message>
        <source>Off by default. Counts wrong passphrases typed into this program only; anyone holding the vault folder can read whether this is on and the count so far, and a copy of the folder is not protected by it.</source>
        <translation>По умолчанию выключено. Считает только неверные парольные фразы, введённые в эту программу; любой, у кого есть папка хранилища, может прочитать, включено ли это и сколько попыток уже было, а копию папки это не защищает.</translation>
    </message>
    <message>
        <source>No platform key yet.</source>
        <translation>Ключа платформы ещё нет.</translation>
    </message>
    <message>
        <source>The profile in use was kept; the file was not imported.</source>
        <translation>Текущий профиль оставлен; файл не импортирован.</translation>
    </message>
</context>
<context>
    <name>ShareResetDialog</name>
    <message>
        <source>Reset the passphrase with recovery shares</source>
        <translation>Сбросить парольную фразу с помощью долей восстановления</translation>
    </message>
    <message>
        <source>Enter as many recovery shares as were required when they were created: type or paste each one, with an empty line between shares, or add the share files. Then choose a new passphrase; the forgotten one stops working.</source>
        <translation>Введите столько долей восстановления, сколько требовалось при их создании: наберите или вставьте каждую, с пустой строкой между долями, или добавьте файлы долей. Затем выберите новую парольную фразу; забытая перестанет действовать.</translation>
    </message>
    <message>
        <source>Recovery shares</source>
        <translation>Доли восстановления</translation>
    </message>
    <message>
        <source>&amp;Add a share file…</source>
        <translation>&amp;Добавить файл доли…</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторите парольную фразу</translation>
    </message>
    <message>
        <source>Opening the vault</source>
        <translation>Открытие хранилища</translation>
    </message>
    <message>
        <source>Reset the passphrase</source>
        <translation>Сбросить парольную фразу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>This file cannot be read as a recovery share.</source>
        <translation>Этот файл нельзя прочитать как долю восстановления.</translation>
    </message>
    <message>
        <source>Choose share files</source>
        <translation>Выберите файлы долей</translation>
    </message>
    <message>
        <source>Shares entered: {count}</source>
        <translation>Введено долей: {count}</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Слишком слабо: не меньше {count} знаков, несколько слов.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не совпадают.</translation>
    </message>
    <message>
        <source>These shares do not open this vault: they may be from an earlier split (a newer split or a re-key makes old shares worthless) or from another vault.</source>
        <translation>Эти доли не открывают это хранилище: возможно, они от прежнего разделения (новое разделение или смена ключей делает старые доли бесполезными) или от другого хранилища.</translation>
    </message>
    <message>
        <source>These shares cannot be combined. {reason}</source>
        <translation>Эти доли нельзя объединить. {reason}</translation>
    </message>
</context>
<context>
    <name>SharesDialog</name>
    <message>
        <source>Recovery shares</source>
        <translation>Доли восстановления</translation>
    </message>
    <message>
        <source>Split the power to reset the passphrase among N trusted people: any K of the shares together open the vault and set a new passphrase; fewer reveal nothing about it. Creating new shares makes earlier ones worthless, and so does a re-key.</source>
        <translation>Разделите возможность сбросить парольную фразу между N доверенными людьми: любые K долей вместе открывают хранилище и задают новую парольную фразу; меньшее число ничего о ней не раскрывает. Новые доли делают прежние бесполезными, как и смена ключей.</translation>
    </message>
    <message>
        <source>Shares needed (K)</source>
        <translation>Нужно долей (K)</translation>
    </message>
    <message>
        <source>Shares in all (N)</source>
        <translation>Всего долей (N)</translation>
    </message>
    <message>
        <source>Create the shares</source>
        <translation>Создать доли</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Save &amp;all to a folder…</source>
        <translation>Сохранить &amp;все в папку…</translation>
    </message>
    <message>
        <source>&amp;Save the selected share…</source>
        <translation>&amp;Сохранить выбранную долю…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Печать…</translation>
    </message>
    <message>
        <source>Printing is not available in this installation: save the shares, then print the files.</source>
        <translation>Печать в этой установке недоступна: сохраните доли, а затем распечатайте файлы.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>The shares needed cannot be more than the shares in all.</source>
        <translation>Нужных долей не может быть больше, чем всего долей.</translation>
    </message>
    <message>
        <source>{count} shares were created; any {threshold} of them reset the passphrase. Earlier shares no longer work. Give each share to a different person. A saved file holds its share in clear: once printed or handed over, delete it (and empty the trash).</source>
        <translation>Создано долей: {count}; любые {threshold} из них сбрасывают парольную фразу. Прежние доли больше не действуют. Отдайте каждую долю другому человеку. Сохранённый файл содержит долю в открытом виде: после печати или передачи удалите его (и очистите корзину).</translation>
    </message>
    <message>
        <source>Share {number} of {count}</source>
        <translation>Доля {number} из {count}</translation>
    </message>
    <message>
        <source>The shares could not be written to this folder.</source>
        <translation>Доли не удалось записать в эту папку.</translation>
    </message>
    <message>
        <source>{count} share files written to {folder}.</source>
        <translation>Файлов долей записано в {folder}: {count}.</translation>
    </message>
    <message>
        <source>The share could not be written there.</source>
        <translation>Долю не удалось записать туда.</translation>
    </message>
    <message>
        <source>Share {number} written to {path}.</source>
        <translation>Доля {number} записана в {path}.</translation>
    </message>
    <message>
        <source>Choose a folder for the share files</source>
        <translation>Выберите папку для файлов долей</translation>
    </message>
    <message>
        <source>Save share {number}</source>
        <translation>Сохранить долю {number}</translation>
    </message>
    <message>
        <source>The shares were sent to the printer, one per page.</source>
        <translation>Доли отправлены на печать, по одной на страницу.</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Progress of the package being sent</source>
        <translation>Ход отправки пакета</translation>
    </message>
    <message>
        <source>Progress of all packages</source>
        <translation>Ход отправки всех пакетов</translation>
    </message>
    <message>
        <source>Package {package}: {confirmed} of {size} confirmed by the platform</source>
        <translation>Пакет {package}: платформа подтвердила {confirmed} из {size}</translation>
    </message>
    <message>
        <source>All packages: {confirmed} of {size} confirmed by the platform</source>
        <translation>Все пакеты: платформа подтвердила {confirmed} из {size}</translation>
    </message>
    <message>
        <source>waiting for the connection (attempt {attempt})</source>
        <translation>ждём соединения (попытка {attempt})</translation>
    </message>
    <message>
        <source>measuring the rate…</source>
        <translation>измеряем скорость…</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/с</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>осталось около {time}</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} с</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} мин</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} ч</translation>
    </message>
    <message>
        <source>Sync with the platform</source>
        <translation>Синхронизация с платформой</translation>
    </message>
    <message>
        <source>Reading the outbox…</source>
        <translation>Читаем очередь отправки…</translation>
    </message>
    <message>
        <source>Import a profile file…</source>
        <translation>Импортировать файл профиля…</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Пакет</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Очередь отправки</translation>
    </message>
    <message>
        <source>Sync result</source>
        <translation>Результат синхронизации</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Send the selected failed package again</source>
        <translation>Ещё раз отправить выбранный пакет, который не удалось доставить</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Синхронизировать</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Platform: {name} ({url})</source>
        <translation>Платформа: {name} ({url})</translation>
    </message>
    <message>
        <source>through a proxy</source>
        <translation>через прокси</translation>
    </message>
    <message>
        <source>No platform profile yet: import the file your coordinator gave you.</source>
        <translation>Профиля платформы ещё нет: импортируйте файл от координатора.</translation>
    </message>
    <message>
        <source>Package {package} was not delivered.</source>
        <translation>Пакет {package} не доставлен.</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Причина: {reason}</translation>
    </message>
    <message>
        <source>Select it and press Retry to send it again once the cause is dealt with.</source>
        <translation>Когда причина устранена, выберите его и нажмите «Повторить», чтобы отправить снова.</translation>
    </message>
    <message>
        <source>delivered, receipt timestamped at {time}</source>
        <translation>доставлено, метка времени квитанции: {time}</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>uploading</source>
        <translation>отправляется</translation>
    </message>
    <message>
        <source>awaiting the receipt</source>
        <translation>ожидает квитанцию</translation>
    </message>
    <message>
        <source>delivered (receipt verified)</source>
        <translation>доставлено (квитанция проверена)</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>Choose the profile file</source>
        <translation>Выберите файл профиля</translation>
    </message>
    <message>
        <source>Connecting to the platform…</source>
        <translation>Подключаемся к платформе…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Platform unreachable, trying again… (attempt {attempt} of {limit})</source>
        <translation>Платформа недоступна, пробуем снова… (попытка {attempt} из {limit})</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>Delivered with a verified receipt: {count}.</source>
        <translation>Доставлено с проверенной квитанцией: {count}.</translation>
    </message>
    <message>
        <source>Stopped: {reason}</source>
        <translation>Остановлено: {reason}</translation>
    </message>
    <message>
        <source>This device&apos;s fingerprint: {fingerprint}.</source>
        <translation>Отпечаток этого устройства: {fingerprint}.</translation>
    </message>
    <message>
        <source>Platform key fingerprint</source>
        <translation>Отпечаток ключа платформы</translation>
    </message>
    <message>
        <source>Platform key fingerprint: {fingerprint}</source>
        <translation>Отпечаток ключа платформы: {fingerprint}</translation>
    </message>
    <message>
        <source>The profile in use was kept.</source>
        <translation>Текущий профиль оставлен.</translation>
    </message>
</context>
<context>
    <name>TestimonyEditor</name>
    <message>
        <source>← Testimonies</source>
        <translation>← Показания</translation>
    </message>
    <message>
        <source>Back to the list of testimonies</source>
        <translation>Назад к списку показаний</translation>
    </message>
    <message>
        <source>Save state</source>
        <translation>Состояние сохранения</translation>
    </message>
    <message>
        <source>Start a correction</source>
        <translation>Начать исправление</translation>
    </message>
    <message>
        <source>Seal…</source>
        <translation>Опечатать…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспортировать…</translation>
    </message>
    <message>
        <source>Custody log</source>
        <translation>Журнал хранения</translation>
    </message>
    <message>
        <source>Record a &amp;withdrawal…</source>
        <translation>Записать &amp;отзыв согласия…</translation>
    </message>
    <message>
        <source>Record that the person interviewed withdrew consent</source>
        <translation>Записать, что опрошенное лицо отозвало согласие</translation>
    </message>
    <message>
        <source>&amp;Delete this draft…</source>
        <translation>&amp;Удалить этот черновик…</translation>
    </message>
    <message>
        <source>Delete this draft, which was never sealed, for good</source>
        <translation>Безвозвратно удалить этот черновик, который ни разу не опечатывался</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Согласие отозвано</translation>
    </message>
    <message>
        <source>Add an incident</source>
        <translation>Добавить инцидент</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Рассказ</translation>
    </message>
    <message>
        <source>Person interviewed</source>
        <translation>Опрошенное лицо</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Инциденты</translation>
    </message>
    <message>
        <source>{person} — version {version}</source>
        <translation>{person} — версия {version}</translation>
    </message>
    <message>
        <source>survivor</source>
        <translation>пострадавший</translation>
    </message>
    <message>
        <source>witness</source>
        <translation>свидетель</translation>
    </message>
    <message>
        <source>relative</source>
        <translation>родственник</translation>
    </message>
    <message>
        <source>other</source>
        <translation>другое</translation>
    </message>
    <message>
        <source>Code: {code}. Role: {role}. Case: {case}.</source>
        <translation>Код: {code}. Роль: {role}. Дело: {case}.</translation>
    </message>
    <message>
        <source>Sealed on {date}. This version is signed and cannot change; a correction is a new version that names this one.</source>
        <translation>Опечатано {date}. Эта версия подписана и не может измениться; исправление — новая версия со ссылкой на эту.</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Опечатано</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Сохранено</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time}.</source>
        <translation>Метка времени от {authority}: {time}.</translation>
    </message>
    <message>
        <source>Consent withdrawn on {date}. No version of this testimony will be exported or synced; only the signed notice of the withdrawal goes to those who received it.</source>
        <translation>Согласие отозвано {date}. Ни одна версия этого показания не будет экспортирована или синхронизирована; тем, кто его получил, уходит только подписанное уведомление об отзыве.</translation>
    </message>
    <message>
        <source>Remove an incident</source>
        <translation>Удаление инцидента</translation>
    </message>
    <message>
        <source>Remove incident {number} of {count} and all that was written in it? The saved draft loses it.</source>
        <translation>Удалить инцидент {number} из {count} и всё, что в нём написано? Сохранённый черновик потеряет его.</translation>
    </message>
    <message>
        <source>Remove the incident</source>
        <translation>Удалить инцидент</translation>
    </message>
    <message>
        <source>Keep the incident</source>
        <translation>Оставить инцидент</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>Редактирование…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохраняем…</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Не сохранено: {reason}</translation>
    </message>
    <message>
        <source>Make version {next} of this testimony, a draft that corrects version {version}? Version {version} stays sealed as it is.</source>
        <translation>Создать версию {next} этого свидетельства — черновик, исправляющий версию {version}? Версия {version} остаётся запечатанной как есть.</translation>
    </message>
    <message>
        <source>Make version {next}</source>
        <translation>Создать версию {next}</translation>
    </message>
    <message>
        <source>Enter when the consent was given: the sealed record states it.</source>
        <translation>Укажите, когда было дано согласие: запечатанная запись это утверждает.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>The withdrawal was not recorded</source>
        <translation>Отзыв согласия не записан</translation>
    </message>
    <message>
        <source>Delete this draft</source>
        <translation>Удалить этот черновик</translation>
    </message>
    <message>
        <source>Delete the draft of {person} with its attachments? This cannot be undone. The custody log keeps only its id and content hash.</source>
        <translation>Удалить черновик {person} вместе с вложениями? Это нельзя отменить. В журнале хранения останутся только его идентификатор и хеш содержимого.</translation>
    </message>
    <message>
        <source>&amp;Delete the draft</source>
        <translation>&amp;Удалить черновик</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Not saved yet: see the marked field</source>
        <translation>Ещё не сохранено: см. отмеченное поле</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <source>The draft was not deleted</source>
        <translation>Черновик не удалён</translation>
    </message>
</context>
<context>
    <name>TestimonyListModel</name>
    <message>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <source>Interview date</source>
        <translation>Дата интервью</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Нарушения</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Опечатано</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Экспортировано</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Доставлено</translation>
    </message>
    <message>
        <source>matched «{found}» for «{typed}»</source>
        <translation>найдено «{found}» для «{typed}»</translation>
    </message>
    <message>
        <source>{person} — version {version}</source>
        <translation>{person} — версия {version}</translation>
    </message>
    <message>
        <source>{status}, consent withdrawn</source>
        <translation>{status}, согласие отозвано</translation>
    </message>
</context>
<context>
    <name>TestimonyListPanel</name>
    <message>
        <source>Search places, narratives, titles…</source>
        <translation>Поиск по местам, рассказам, названиям…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Фильтр по статусу</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Любой статус</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Опечатано</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Экспортировано</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Доставлено</translation>
    </message>
    <message>
        <source>Violation type filter</source>
        <translation>Фильтр по нарушению</translation>
    </message>
    <message>
        <source>Any violation</source>
        <translation>Любое нарушение</translation>
    </message>
    <message>
        <source>Interview between</source>
        <translation>Интервью между</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>С даты</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>По дату</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>Показания</translation>
    </message>
    <message>
        <source>Number of testimonies</source>
        <translation>Количество показаний</translation>
    </message>
    <message>
        <source>New testimony…</source>
        <translation>Новое показание…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>No testimonies match.</source>
        <translation>Нет подходящих показаний.</translation>
    </message>
    <message>
        <source>Testimonies: {count}+</source>
        <translation>Показаний: {count}+</translation>
    </message>
    <message>
        <source>Testimonies: {count}</source>
        <translation>Показаний: {count}</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Unlock the vault</source>
        <translation>Открыть хранилище</translation>
    </message>
    <message>
        <source>Notes are locked</source>
        <translation>Заметки заблокированы</translation>
    </message>
    <message>
        <source>Passphrase or recovery key</source>
        <translation>Парольная фраза или ключ восстановления</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open another vault folder…</source>
        <translation>Открыть другую папку хранилища…</translation>
    </message>
    <message>
        <source>Open another folder…</source>
        <translation>Открыть другую папку…</translation>
    </message>
    <message>
        <source>Unlock status</source>
        <translation>Состояние открытия</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Открываем</translation>
    </message>
    <message>
        <source>Vault folder: {folder}</source>
        <translation>Папка хранилища: {folder}</translation>
    </message>
    <message>
        <source>Choose the vault folder</source>
        <translation>Выберите папку хранилища</translation>
    </message>
    <message>
        <source>Forgot the passphrase? Use recovery &amp;shares…</source>
        <translation>Забыли парольную фразу? Воспользуйтесь &amp;долями восстановления…</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify a package</source>
        <translation>Проверка пакета</translation>
    </message>
    <message>
        <source>Package file</source>
        <translation>Файл пакета</translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation>Файл идентификатора</translation>
    </message>
    <message>
        <source>Trusted signers file</source>
        <translation>Файл доверенных подписантов</translation>
    </message>
    <message>
        <source>Trusted time-stamping authorities file</source>
        <translation>Файл доверенных служб меток времени</translation>
    </message>
    <message>
        <source>PEM CA certificates (optional)</source>
        <translation>Сертификаты CA в PEM (необязательно)</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Пакет</translation>
    </message>
    <message>
        <source>Identity (age key)</source>
        <translation>Идентификатор (ключ age)</translation>
    </message>
    <message>
        <source>Trusted signers</source>
        <translation>Доверенные подписанты</translation>
    </message>
    <message>
        <source>Time-stamping authorities</source>
        <translation>Службы меток времени</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Проверки</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Проверить</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Выберите файл</translation>
    </message>
    <message>
        <source>Choose the package and the identity file.</source>
        <translation>Выберите пакет и файл идентификатора.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверяем…</translation>
    </message>
    <message>
        <source>✓ {check}</source>
        <translation>✓ {check}</translation>
    </message>
    <message>
        <source>✗ {check}</source>
        <translation>✗ {check}</translation>
    </message>
    <message>
        <source>Every check passed. Signed by {signer} (trusted). Files: {files}.</source>
        <translation>Все проверки пройдены. Подписано {signer} (доверенный). Файлов: {files}.</translation>
    </message>
    <message>
        <source>The package did not pass: {message}</source>
        <translation>Пакет не прошёл проверку: {message}</translation>
    </message>
    <message>
        <source>Sealed at {time} (the device&apos;s clock, as claimed)</source>
        <translation>Запечатано {time} (по часам устройства, как оно утверждает)</translation>
    </message>
    <message>
        <source>a trusted authority</source>
        <translation>доверенная служба</translation>
    </message>
    <message>
        <source>not among the trusted authorities</source>
        <translation>не среди доверенных служб</translation>
    </message>
    <message>
        <source>not checked against a trusted authority</source>
        <translation>не проверена по доверенным службам</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time} ({trust})</source>
        <translation>Метка времени от {authority}: {time} ({trust})</translation>
    </message>
    <message>
        <source>Every check passed.</source>
        <translation>Все проверки пройдены.</translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message>
        <source>Wipe this vault</source>
        <translation>Уничтожить это хранилище</translation>
    </message>
    <message>
        <source>Wipe this vault? Its keys are erased first (this takes a moment), then its database and media files are deleted. After that no passphrase, recovery key or share opens it, and nothing in it can be recovered: testimonies not yet delivered to the platform are lost. Copies or backups of the folder made before are not reached.</source>
        <translation>Уничтожить это хранилище? Сначала стираются его ключи (это занимает мгновение), затем удаляются база данных и медиафайлы. После этого его не откроет ни парольная фраза, ни ключ восстановления, ни доля, и ничего из него нельзя восстановить: свидетельства, ещё не доставленные на платформу, будут потеряны. Копии или резервные копии папки, сделанные раньше, это не затрагивает.</translation>
    </message>
    <message>
        <source>&amp;Wipe in {seconds} seconds</source>
        <translation>&amp;Уничтожить через {seconds} с</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Wipe countdown</source>
        <translation>Отсчёт до уничтожения</translation>
    </message>
    <message>
        <source>Press Escape or Cancel to stop. Nothing is erased before zero.</source>
        <translation>Нажмите Escape или «Отмена», чтобы остановить. До нуля ничего не стирается.</translation>
    </message>
    <message>
        <source>Wiping in {seconds} s…</source>
        <translation>Уничтожение через {seconds} с…</translation>
    </message>
    <message>
        <source>Wiping…</source>
        <translation>Уничтожение…</translation>
    </message>
</context>
<context>
    <name>WithdrawalDialog</name>
    <message>
        <source>Record a withdrawal of consent</source>
        <translation>Запись отзыва согласия</translation>
    </message>
    <message>
        <source>{person} withdrew consent to this testimony.</source>
        <translation>{person} отзывает согласие на это показание.</translation>
    </message>
    <message>
        <source>No version of this testimony will be exported or synced from now on. A signed notice of the withdrawal will go to everyone who received it: export the notice to a stick or sync.</source>
        <translation>С этого момента ни одна версия этого показания не будет экспортирована или синхронизирована. Подписанное уведомление об отзыве уйдёт всем, кто его получил: экспортируйте уведомление на флешку или выполните синхронизацию.</translation>
    </message>
    <message>
        <source>A withdrawal cannot be undone; the testimony itself stays in the vault.</source>
        <translation>Отзыв нельзя отменить; само показание остаётся в хранилище.</translation>
    </message>
    <message>
        <source>It was withdrawn &amp;earlier than now</source>
        <translation>Согласие отозвано &amp;раньше, чем сейчас</translation>
    </message>
    <message>
        <source>Unticked, the withdrawal is recorded as made now.</source>
        <translation>Если флажок снят, отзыв записывается с текущим временем.</translation>
    </message>
    <message>
        <source>When consent was withdrawn (UTC)</source>
        <translation>Когда согласие было отозвано (UTC)</translation>
    </message>
    <message>
        <source>Note on how consent was withdrawn</source>
        <translation>Примечание о том, как было отозвано согласие</translation>
    </message>
    <message>
        <source>optional: how it was withdrawn (by phone, in person…), no narrative</source>
        <translation>необязательно: как отозвано (по телефону, лично…), без изложения показаний</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Когда (UTC)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Примечание</translation>
    </message>
    <message>
        <source>&amp;Record the withdrawal</source>
        <translation>&amp;Записать отзыв</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>WorkingCopyDialog</name>
    <message>
        <source>Make a working copy</source>
        <translation>Сделать рабочую копию</translation>
    </message>
    <message>
        <source>A working copy of “{name}” to pass on. The original stays in the vault unchanged as the evidence; the copy keeps every pixel and frame, and the custody log records both checksums and what was removed.</source>
        <translation>Рабочая копия «{name}», чтобы передать другим. Оригинал остаётся в хранилище неизменным как доказательство; в копии сохраняется каждый пиксель и кадр, а журнал хранения записывает обе контрольные суммы и то, что удалено.</translation>
    </message>
    <message>
        <source>Remove the &amp;location (GPS position and place)</source>
        <translation>Удалить &amp;место (позицию GPS и название места)</translation>
    </message>
    <message>
        <source>Remove the &amp;camera (make, model, serial number, owner)</source>
        <translation>Удалить &amp;камеру (производителя, модель, серийный номер, владельца)</translation>
    </message>
    <message>
        <source>&amp;Blur faces (the copy is re-encoded)</source>
        <translation>&amp;Размыть лица (копия перекодируется)</translation>
    </message>
    <message>
        <source>&amp;Make the copy</source>
        <translation>&amp;Сделать копию</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Faces can be blurred in JPEG, PNG and WebP photos only.</source>
        <translation>Лица можно размыть только на фотографиях JPEG, PNG и WebP.</translation>
    </message>
    <message>
        <source>The optional face detector is not installed on this computer.</source>
        <translation>Дополнительный детектор лиц не установлен на этом компьютере.</translation>
    </message>
</context>
<context>
    <name>field</name>
    <message>
        <source>Calendar</source>
        <translation>Календарь</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Group {group} of the recovery key has a typing mistake: check it.</source>
        <translation>В группе {group} ключа восстановления опечатка: проверьте её.</translation>
    </message>
    <message>
        <source>Groups {first} and {second} of the recovery key have a typing mistake: check them.</source>
        <translation>В группах {first} и {second} ключа восстановления опечатки: проверьте их.</translation>
    </message>
    <message>
        <source>This passphrase does not open the vault.</source>
        <translation>Эта парольная фраза не открывает хранилище.</translation>
    </message>
    <message>
        <source>This passphrase cannot be used; choose another.</source>
        <translation>Эту фразу нельзя использовать; выберите другую.</translation>
    </message>
    <message>
        <source>Another window of the program already has this vault open.</source>
        <translation>Это хранилище уже открыто в другом окне программы.</translation>
    </message>
    <message>
        <source>The vault is locked.</source>
        <translation>Хранилище заблокировано.</translation>
    </message>
    <message>
        <source>The recorded consent does not allow this.</source>
        <translation>Записанное согласие этого не позволяет.</translation>
    </message>
    <message>
        <source>This cannot be changed any more.</source>
        <translation>Это больше нельзя изменить.</translation>
    </message>
    <message>
        <source>Cancelled. Nothing of it was recorded.</source>
        <translation>Отменено. Ничего из этого не записано.</translation>
    </message>
    <message>
        <source>This was written by a newer version of the program; please update.</source>
        <translation>Это записано более новой версией программы; обновите программу.</translation>
    </message>
    <message>
        <source>Not in the form this program reads.</source>
        <translation>Не в той форме, которую читает эта программа.</translation>
    </message>
    <message>
        <source>Consent is not recorded: fill in when and how it was given, then seal.</source>
        <translation>Согласие не записано: укажите, когда и как оно дано, затем запечатайте.</translation>
    </message>
    <message>
        <source>The person did not consent to the interview, so it cannot be sealed. If they did, tick “To be interviewed” under Informed consent.</source>
        <translation>Человек не дал согласия на интервью, поэтому его нельзя запечатать. Если дал, отметьте «На интервью» в разделе «Информированное согласие».</translation>
    </message>
    <message>
        <source>Consent was withdrawn, so this testimony cannot be sealed.</source>
        <translation>Согласие отозвано, поэтому это свидетельство нельзя запечатать.</translation>
    </message>
    <message>
        <source>Consent was withdrawn: this testimony may not be exported or synced. Only the notice of the withdrawal can still be sent.</source>
        <translation>Согласие отозвано: это свидетельство нельзя экспортировать или синхронизировать. Отправить можно только уведомление об отзыве.</translation>
    </message>
    <message>
        <source>The person did not consent to sharing with the platform. If they have agreed since, record it in a correction of the testimony and seal that.</source>
        <translation>Человек не дал согласия на передачу платформе. Если потом он согласился, запишите это в исправлении свидетельства и запечатайте его.</translation>
    </message>
    <message>
        <source>The person did not consent to sharing beyond the platform, so the package cannot be encrypted to coordinators or other keys. Untick the coordinators and remove the other recipients to export for the platform only.</source>
        <translation>Человек не дал согласия на передачу за пределы платформы, поэтому пакет нельзя зашифровать для координаторов или других ключей. Снимите отметки с координаторов и удалите других получателей, чтобы экспортировать только для платформы.</translation>
    </message>
    <message>
        <source>Consent was withdrawn after this package was sealed, so it may no longer be sent. Send the notice of the withdrawal instead.</source>
        <translation>Согласие отозвано после того, как этот пакет запечатан, поэтому его больше нельзя отправлять. Отправьте вместо него уведомление об отзыве.</translation>
    </message>
    <message>
        <source>The person interviewed has not agreed to audio recording. Record their consent under Informed consent first.</source>
        <translation>Опрошенный человек не согласился на аудиозапись. Сначала запишите его согласие в разделе «Информированное согласие».</translation>
    </message>
    <message>
        <source>No one to encrypt the package to: set the platform&apos;s key in Settings, or add a coordinator or another recipient.</source>
        <translation>Не для кого зашифровать пакет: задайте ключ платформы в Настройках или добавьте координатора либо другого получателя.</translation>
    </message>
    <message>
        <source>A package without the platform needs at least one other recipient.</source>
        <translation>Пакету без платформы нужен хотя бы один другой получатель.</translation>
    </message>
    <message>
        <source>This version is a draft: seal it before exporting it.</source>
        <translation>Эта версия — черновик: запечатайте её перед экспортом.</translation>
    </message>
    <message>
        <source>No working copy yet of {names}: make one (Make a working copy…) or send the originals.</source>
        <translation>Ещё нет рабочей копии {names}: сделайте её («Сделать рабочую копию…») или отправьте оригиналы.</translation>
    </message>
    <message>
        <source>A working copy has no custody event. Run the integrity check.</source>
        <translation>У рабочей копии нет события в журнале хранения. Запустите проверку целостности.</translation>
    </message>
    <message>
        <source>Choose what to remove: the location, the camera, or both.</source>
        <translation>Выберите, что удалить: место, камеру или и то и другое.</translation>
    </message>
    <message>
        <source>This file is itself a working copy; make the copy from its original.</source>
        <translation>Этот файл сам — рабочая копия; делайте копию из его оригинала.</translation>
    </message>
    <message>
        <source>Working copies are made of sealed evidence: seal the testimony first.</source>
        <translation>Рабочие копии делаются из запечатанных доказательств: сначала запечатайте показания.</translation>
    </message>
    <message>
        <source>Working copies of {type} files are not possible: their metadata cannot be removed without re-encoding, so nothing was made.</source>
        <translation>Рабочие копии файлов {type} невозможны: их метаданные нельзя удалить без перекодирования, поэтому ничего не сделано.</translation>
    </message>
    <message>
        <source>The original no longer matches the checksum recorded when it was added; no copy was made. Run the integrity check.</source>
        <translation>Оригинал больше не соответствует контрольной сумме, записанной при добавлении; копия не сделана. Запустите проверку целостности.</translation>
    </message>
    <message>
        <source>This file&apos;s metadata cannot be removed without re-encoding it (its structure is damaged or unusual), so no copy was made.</source>
        <translation>Метаданные этого файла нельзя удалить без перекодирования (его структура повреждена или необычна), поэтому копия не сделана.</translation>
    </message>
    <message>
        <source>The copy still carried a location, or one could not be ruled out, so it was refused and nothing was kept.</source>
        <translation>В копии всё ещё было место или его нельзя было исключить, поэтому она отклонена и ничего не сохранено.</translation>
    </message>
    <message>
        <source>The copy still named the camera, so it was refused and nothing was kept.</source>
        <translation>Копия всё ещё называла камеру, поэтому она отклонена и ничего не сохранено.</translation>
    </message>
    <message>
        <source>Faces can be blurred in JPEG, PNG and WebP photos only, not in video or other files; no copy was made.</source>
        <translation>Размыть лица можно только на фотографиях JPEG, PNG и WebP, не в видео и не в других файлах; копия не создана.</translation>
    </message>
    <message>
        <source>Blurring faces needs the optional face detector, which is not installed here; no copy was made. Make the copy without blurring, or ask for the detector to be installed.</source>
        <translation>Чтобы размыть лица, нужен дополнительный детектор лиц, который здесь не установлен; копия не создана. Сделайте копию без размытия или попросите установить детектор.</translation>
    </message>
    <message>
        <source>The photo is too large to blur faces in; no copy was made.</source>
        <translation>Фотография слишком велика, чтобы размыть на ней лица; копия не создана.</translation>
    </message>
    <message>
        <source>Faces could not be blurred in this photo (it may be damaged); no copy was made.</source>
        <translation>Не удалось размыть лица на этой фотографии (она может быть повреждена); копия не создана.</translation>
    </message>
    <message>
        <source>This drive is formatted FAT32, which cannot hold a file over 4 GiB, and this one would be larger; nothing was written. Use a drive formatted exFAT or NTFS, or export fewer or smaller files.</source>
        <translation>Этот диск отформатирован в FAT32, который не может хранить файл больше 4 ГиБ, а этот файл был бы больше; ничего не записано. Возьмите диск, отформатированный в exFAT или NTFS, или экспортируйте меньше файлов или файлы поменьше.</translation>
    </message>
    <message>
        <source>The testimony changed while it was being sealed. Seal it again.</source>
        <translation>Свидетельство изменилось во время запечатывания. Запечатайте его ещё раз.</translation>
    </message>
    <message>
        <source>The platform refused this package; sending it again as it is will not change that. Ask your coordinator why.</source>
        <translation>Платформа отказалась принять этот пакет; повторная отправка в таком виде этого не изменит. Спросите у координатора почему.</translation>
    </message>
    <message>
        <source>The platform no longer holds the upload; it starts over at the next sync.</source>
        <translation>Платформа больше не хранит эту загрузку; она начнётся заново при следующей синхронизации.</translation>
    </message>
    <message>
        <source>The platform is still checking the package; the receipt will be fetched on the next sync.</source>
        <translation>Платформа ещё проверяет пакет; квитанция будет получена при следующей синхронизации.</translation>
    </message>
    <message>
        <source>The platform profile cannot be used: import the file your coordinator gave you again.</source>
        <translation>Профиль платформы нельзя использовать: снова импортируйте файл, который дал координатор.</translation>
    </message>
    <message>
        <source>Cancelled; what the platform confirmed is kept.</source>
        <translation>Отменено; то, что платформа подтвердила, сохранено.</translation>
    </message>
    <message>
        <source>The connection failed; the package keeps its place for the next sync.</source>
        <translation>Соединение не удалось; пакет сохраняет своё место до следующей синхронизации.</translation>
    </message>
    <message>
        <source>The sync failed; try again later.</source>
        <translation>Синхронизация не удалась; попробуйте позже.</translation>
    </message>
    <message>
        <source>This version is sealed. Start a correction to change it.</source>
        <translation>Эта версия запечатана. Чтобы изменить её, начните исправление.</translation>
    </message>
    <message>
        <source>A sealed testimony cannot get a new recording. Start a correction first.</source>
        <translation>К запечатанному свидетельству нельзя добавить новую запись. Сначала начните исправление.</translation>
    </message>
    <message>
        <source>A sealed testimony names this person; their details can no longer change.</source>
        <translation>Запечатанное свидетельство называет этого человека; его данные больше нельзя изменить.</translation>
    </message>
    <message>
        <source>A recording of this testimony is still open. Stop it, then delete.</source>
        <translation>Запись этого свидетельства ещё открыта. Остановите её, затем удаляйте.</translation>
    </message>
    <message>
        <source>A consent withdrawal is recorded on this draft, so it stays as that record.</source>
        <translation>На этом черновике записан отзыв согласия, поэтому он остаётся как запись об этом.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Обязательно.</translation>
    </message>
    <message>
        <source>Must not be empty.</source>
        <translation>Не может быть пустым.</translation>
    </message>
    <message>
        <source>Too long: at most {limit} bytes.</source>
        <translation>Слишком длинно: не более {limit} байт.</translation>
    </message>
    <message>
        <source>Too long: at most {limit} characters.</source>
        <translation>Слишком длинно: не более {limit} знаков.</translation>
    </message>
    <message>
        <source>Too many: at most {limit}.</source>
        <translation>Слишком много: не более {limit}.</translation>
    </message>
    <message>
        <source>Contains a character that cannot be stored.</source>
        <translation>Содержит знак, который нельзя сохранить.</translation>
    </message>
    <message>
        <source>Write a date as year, year and month, or full date: 2024, 2024-03 or 2024-03-01.</source>
        <translation>Запишите дату как год, год и месяц или полную дату: 2024, 2024-03 или 2024-03-01.</translation>
    </message>
    <message>
        <source>This day does not exist in the calendar.</source>
        <translation>Такого дня нет в календаре.</translation>
    </message>
    <message>
        <source>Write a date, or a date and time: 2024-03-01 or 2024-03-01T14:30:00Z.</source>
        <translation>Запишите дату или дату и время: 2024-03-01 или 2024-03-01T14:30:00Z.</translation>
    </message>
    <message>
        <source>This date or time does not exist: check the day, month and hour.</source>
        <translation>Такой даты или времени нет: проверьте день, месяц и час.</translation>
    </message>
    <message>
        <source>Fill in the first date too (the date “to” needs a date “from”).</source>
        <translation>Заполните и первую дату (дата «по» требует даты «с»).</translation>
    </message>
    <message>
        <source>This date is before the first date.</source>
        <translation>Эта дата раньше первой.</translation>
    </message>
    <message>
        <source>The first date is less precise than its stated precision.</source>
        <translation>Первая дата менее точна, чем указанная точность.</translation>
    </message>
    <message>
        <source>Must be between -{limit} and {limit}.</source>
        <translation>Должно быть от -{limit} до {limit}.</translation>
    </message>
    <message>
        <source>Latitude and longitude go together: fill in both or neither.</source>
        <translation>Широта и долгота идут вместе: заполните обе или ни одной.</translation>
    </message>
    <message>
        <source>Not a violation type of this program&apos;s list.</source>
        <translation>Такого вида нарушения нет в списке программы.</translation>
    </message>
    <message>
        <source>A violation type is chosen twice.</source>
        <translation>Вид нарушения выбран дважды.</translation>
    </message>
    <message>
        <source>Must be one of: {choices}.</source>
        <translation>Должно быть одним из: {choices}.</translation>
    </message>
    <message>
        <source>Too long (at most 10,000 characters), or holds a character that cannot be stored.</source>
        <translation>Слишком длинно (не более 10 000 знаков) или содержит знак, который нельзя сохранить.</translation>
    </message>
    <message>
        <source>Two incidents are the same incident.</source>
        <translation>Два инцидента — это один и тот же инцидент.</translation>
    </message>
    <message>
        <source>Name the person interviewed once.</source>
        <translation>Назовите опрошенного человека один раз.</translation>
    </message>
    <message>
        <source>The file is larger than {limit} MiB.</source>
        <translation>Файл больше {limit} МиБ.</translation>
    </message>
    <message>
        <source>The file&apos;s text is not in UTF-8.</source>
        <translation>Текст файла не в UTF-8.</translation>
    </message>
    <message>
        <source>The file is not valid JSON (line {line}, column {column}).</source>
        <translation>Файл не является правильным JSON (строка {line}, столбец {column}).</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создано</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Изменено</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Запечатано</translation>
    </message>
    <message>
        <source>Correction started</source>
        <translation>Начато исправление</translation>
    </message>
    <message>
        <source>Corrected by a new version</source>
        <translation>Исправлено новой версией</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Согласие отозвано</translation>
    </message>
    <message>
        <source>Draft deleted</source>
        <translation>Черновик удалён</translation>
    </message>
    <message>
        <source>Attachment added</source>
        <translation>Вложение добавлено</translation>
    </message>
    <message>
        <source>Attachment removed</source>
        <translation>Вложение удалено</translation>
    </message>
    <message>
        <source>Working copy made</source>
        <translation>Сделана рабочая копия</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Экспортировано</translation>
    </message>
    <message>
        <source>Sent to the platform</source>
        <translation>Отправлено на платформу</translation>
    </message>
    <message>
        <source>Platform receipt verified</source>
        <translation>Квитанция платформы проверена</translation>
    </message>
    <message>
        <source>Timestamped</source>
        <translation>Поставлена метка времени</translation>
    </message>
    <message>
        <source>Local copy deleted</source>
        <translation>Локальная копия удалена</translation>
    </message>
    <message>
        <source>Package imported</source>
        <translation>Пакет импортирован</translation>
    </message>
    <message>
        <source>Package verified</source>
        <translation>Пакет проверен</translation>
    </message>
    <message>
        <source>Imported from a phone</source>
        <translation>Импортировано с телефона</translation>
    </message>
    <message>
        <source>Phone key seen</source>
        <translation>Ключ телефона замечен</translation>
    </message>
    <message>
        <source>Phone key named</source>
        <translation>Ключу телефона дано имя</translation>
    </message>
    <message>
        <source>Phone key changed</source>
        <translation>Ключ телефона изменён</translation>
    </message>
    <message>
        <source>Phone key forgotten</source>
        <translation>Ключ телефона забыт</translation>
    </message>
    <message>
        <source>Phone key trust changed</source>
        <translation>Доверие к ключу телефона изменено</translation>
    </message>
    <message>
        <source>Platform profile replaced</source>
        <translation>Профиль платформы заменён</translation>
    </message>
    <message>
        <source>Passphrase or recovery key changed</source>
        <translation>Парольная фраза или ключ восстановления изменены</translation>
    </message>
    <message>
        <source>All keys changed</source>
        <translation>Все ключи изменены</translation>
    </message>
    <message>
        <source>Recovery shares made</source>
        <translation>Созданы доли восстановления</translation>
    </message>
    <message>
        <source>Older database accepted</source>
        <translation>Принята более старая база данных</translation>
    </message>
    <message>
        <source>Duress passphrase set</source>
        <translation>Задана парольная фраза под принуждением</translation>
    </message>
    <message>
        <source>Duress passphrase removed</source>
        <translation>Парольная фраза под принуждением удалена</translation>
    </message>
    <message>
        <source>oral</source>
        <translation>устно</translation>
    </message>
    <message>
        <source>written</source>
        <translation>письменно</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>в записи</translation>
    </message>
    <message>
        <source>documenter</source>
        <translation>документатор</translation>
    </message>
    <message>
        <source>A check failed: the data is damaged or was altered.</source>
        <translation>Проверка не пройдена: данные повреждены или изменены.</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Не сохранено: {reason}</translation>
    </message>
    <message>
        <source>The data is not in the expected format.</source>
        <translation>Данные не в ожидаемом формате.</translation>
    </message>
    <message>
        <source>What was asked for does not exist.</source>
        <translation>Запрошенного не существует.</translation>
    </message>
    <message>
        <source>The disk refused the write (full, removed or read-only). Nothing was lost.</source>
        <translation>Диск не принял запись (полон, отключён или только для чтения). Ничего не потеряно.</translation>
    </message>
    <message>
        <source>The action could not be completed.</source>
        <translation>Действие не удалось завершить.</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Nothing was changed.</source>
        <translation>Произошла непредвиденная ошибка. Ничего не изменено.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not from the platform named in the profile. Nothing was sent. Someone may be intercepting the connection, or the profile is outdated: check it with your coordinator.</source>
        <translation>Сертификат сервера не принадлежит платформе, указанной в профиле. Ничего не отправлено. Возможно, кто-то перехватывает соединение, или профиль устарел: проверьте его вместе с координатором.</translation>
    </message>
    <message>
        <source>The proxy does not answer or cannot reach the platform. Check that the circumvention tool (for example Tor) is running and connected.</source>
        <translation>Прокси не отвечает или не может соединиться с платформой. Проверьте, что средство обхода блокировок (например, Tor) запущено и подключено.</translation>
    </message>
    <message>
        <source>The platform cannot be reached: the device seems to be offline, or names are blocked. Try again when connected, or through the proxy.</source>
        <translation>Платформа недоступна: похоже, устройство не подключено к сети или имена сайтов блокируются. Попробуйте снова, когда появится соединение, или через прокси.</translation>
    </message>
    <message>
        <source>The platform did not answer: it may be down, or the connection is blocked or too slow. Try again later or through the proxy.</source>
        <translation>Платформа не ответила: возможно, она не работает, или соединение заблокировано либо слишком медленное. Попробуйте позже или через прокси.</translation>
    </message>
    <message>
        <source>The platform refused this device: its token is wrong or was revoked. Ask your coordinator for a new profile.</source>
        <translation>Платформа отказала этому устройству: его токен неверен или отозван. Попросите у координатора новый профиль.</translation>
    </message>
    <message>
        <source>The platform&apos;s receipt did not verify with the key in the profile, so the package is not marked delivered. The profile may be outdated: ask your coordinator.</source>
        <translation>Квитанция платформы не прошла проверку ключом из профиля, поэтому пакет не отмечен как доставленный. Возможно, профиль устарел: обратитесь к координатору.</translation>
    </message>
    <message>
        <source>The platform profile cannot be used. {reason}</source>
        <translation>Профиль платформы нельзя использовать. {reason}</translation>
    </message>
    <message>
        <source>The vault is open read-only because its database is older than its keys: nothing can be changed until you accept this state.</source>
        <translation>Хранилище открыто только для чтения, потому что его база данных старше ключей: ничего нельзя изменить, пока вы не примете это состояние.</translation>
    </message>
</context>
</TS>
