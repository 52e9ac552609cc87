<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk">
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>Import from phone…</source>
        <translation>Імпорт з телефону…</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Вкладення</translation>
    </message>
    <message>
        <source>Drop photos, videos or documents here, or use Add files.</source>
        <translation>Перетягніть сюди фото, відео чи документи або натисніть «Додати файли».</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Додати файли…</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Переглянути</translation>
    </message>
    <message>
        <source>Export a decrypted copy…</source>
        <translation>Експортувати розшифровану копію…</translation>
    </message>
    <message>
        <source>&amp;Remove this attachment…</source>
        <translation>&amp;Видалити це вкладення…</translation>
    </message>
    <message>
        <source>Remove the chosen file from this draft (also the Delete key in the list)</source>
        <translation>Видалити вибраний файл із цієї чернетки (також клавіша Delete у списку)</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Хід додавання</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>Зупинити додавання</translation>
    </message>
    <message>
        <source>File details</source>
        <translation>Відомості про файл</translation>
    </message>
    <message>
        <source>This file carries a GPS location. It is kept as evidence; think before sharing a copy, since the location can identify people and places.</source>
        <translation>Цей файл містить GPS-координати. Він зберігається як доказ; подумайте, перш ніж ділитися копією: місце може видати людей і адреси.</translation>
    </message>
    <message>
        <source>Name: {name}</source>
        <translation>Назва: {name}</translation>
    </message>
    <message>
        <source>Type: {type}, {size}</source>
        <translation>Тип: {type}, {size}</translation>
    </message>
    <message>
        <source>Decrypted copy saved ({size}).</source>
        <translation>Розшифровану копію збережено ({size}).</translation>
    </message>
    <message>
        <source>SHA-256: {digest}</source>
        <translation>SHA-256: {digest}</translation>
    </message>
    <message>
        <source>Make a &amp;working copy…</source>
        <translation>Зробити &amp;робочу копію…</translation>
    </message>
    <message>
        <source>A copy to pass on without the location and camera; the original stays</source>
        <translation>Копія, щоб передати іншим, без місця і камери; оригінал залишається</translation>
    </message>
    <message>
        <source>Attachments status</source>
        <translation>Стан вкладень</translation>
    </message>
    <message>
        <source>{name} (working copy)</source>
        <translation>{name} (робоча копія)</translation>
    </message>
    <message>
        <source>Taken: {time}</source>
        <translation>Знято: {time}</translation>
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
        <translation>Робоча копія файлу: {name} (SHA-256 {digest})</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Додати файли</translation>
    </message>
    <message>
        <source>Adding files: {count}…</source>
        <translation>Додаються файли: {count}…</translation>
    </message>
    <message>
        <source>Files added: {count}.</source>
        <translation>Додано файлів: {count}.</translation>
    </message>
    <message>
        <source>Cancelled; the file being added was not kept.</source>
        <translation>Зупинено; файл, що додавався, не збережено.</translation>
    </message>
    <message>
        <source>Not added: {names}</source>
        <translation>Не додано: {names}</translation>
    </message>
    <message>
        <source>Export a decrypted copy</source>
        <translation>Експорт розшифрованої копії</translation>
    </message>
    <message>
        <source>The copy will be readable by anyone who gets this computer or the place you save it to, and other programs may keep their own traces of it. Export only to a place you trust, and delete the copy when done.</source>
        <translation>Копію зможе прочитати будь-хто, хто отримає цей комп&apos;ютер або місце, куди ви її збережете, а інші програми можуть залишити свої сліди. Експортуйте лише туди, чому довіряєте, і видаліть копію після роботи.</translation>
    </message>
    <message>
        <source>Save the decrypted copy</source>
        <translation>Зберегти розшифровану копію</translation>
    </message>
    <message>
        <source>Making a working copy of {name}…</source>
        <translation>Створюється робоча копія {name}…</translation>
    </message>
    <message>
        <source>Working copy of {name} made; removed: {removed}.</source>
        <translation>Робочу копію {name} створено; вилучено: {removed}.</translation>
    </message>
    <message>
        <source>nothing was present</source>
        <translation>нічого не було</translation>
    </message>
    <message>
        <source>Faces blurred: {count}. Look at the copy before passing it on: the detector can miss faces.</source>
        <translation>Розмито облич: {count}. Перегляньте копію, перш ніж передавати її далі: детектор може пропустити обличчя.</translation>
    </message>
    <message>
        <source>No working copy was made</source>
        <translation>Робочу копію не створено</translation>
    </message>
    <message>
        <source>Remove this attachment</source>
        <translation>Видалити це вкладення</translation>
    </message>
    <message>
        <source>Remove “{name}” from this draft? Its encrypted file is deleted from the vault; the custody log keeps its name and SHA-256.</source>
        <translation>Видалити «{name}» із цієї чернетки? Зашифрований файл буде видалено зі сховища; у журналі зберігання залишаться його назва і SHA-256.</translation>
    </message>
    <message>
        <source>&amp;Remove the file</source>
        <translation>&amp;Видалити файл</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Removed: {name}.</source>
        <translation>Видалено: {name}.</translation>
    </message>
    <message>
        <source>The file was not removed</source>
        <translation>Файл не видалено</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
</context>
<context>
    <name>CasesPanel</name>
    <message>
        <source>Cases</source>
        <translation>Справи</translation>
    </message>
    <message>
        <source>New case…</source>
        <translation>Нова справа…</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Нова справа</translation>
    </message>
    <message>
        <source>No cases yet. Create one to begin.</source>
        <translation>Справ поки немає. Створіть першу, щоб почати.</translation>
    </message>
    <message>
        <source>All testimonies</source>
        <translation>Усі свідчення</translation>
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
        <translation>Поінформована згода</translation>
    </message>
    <message>
        <source>To be interviewed</source>
        <translation>На інтерв&apos;ю</translation>
    </message>
    <message>
        <source>To audio recording of the interview</source>
        <translation>На аудіозапис інтерв&apos;ю</translation>
    </message>
    <message>
        <source>To sharing with the accountability platform</source>
        <translation>На передання платформі відповідальності</translation>
    </message>
    <message>
        <source>To sharing onward (UN, courts, investigators)</source>
        <translation>На подальше передання (ООН, суди, слідчі)</translation>
    </message>
    <message>
        <source>To being named</source>
        <translation>На згадування імені</translation>
    </message>
    <message>
        <source>To being contacted again</source>
        <translation>На повторний контакт</translation>
    </message>
    <message>
        <source>Consent given at</source>
        <translation>Час надання згоди</translation>
    </message>
    <message>
        <source>How consent was given</source>
        <translation>Як надано згоду</translation>
    </message>
    <message>
        <source>Consent note</source>
        <translation>Примітка до згоди</translation>
    </message>
    <message>
        <source>Given at</source>
        <translation>Коли надано</translation>
    </message>
    <message>
        <source>How it was given</source>
        <translation>Як надано</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примітка</translation>
    </message>
    <message>
        <source>given</source>
        <translation>надано</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>не надано</translation>
    </message>
    <message>
        <source>Change a consent answer</source>
        <translation>Змінити відповідь про згоду</translation>
    </message>
    <message>
        <source>“{answer}” is recorded as {before}. Change it to {after}? The custody log will name this answer as changed.</source>
        <translation>«{answer}» записано як {before}. Змінити на {after}? Журнал зберігання назве цю відповідь зміненою.</translation>
    </message>
    <message>
        <source>Change the answer</source>
        <translation>Змінити відповідь</translation>
    </message>
    <message>
        <source>Keep the answer</source>
        <translation>Залишити відповідь</translation>
    </message>
</context>
<context>
    <name>CreateVaultPage</name>
    <message>
        <source>Create a vault</source>
        <translation>Створити сховище</translation>
    </message>
    <message>
        <source>Everything you record is kept encrypted in this folder. Choose a passphrase you can remember; without it or the recovery key nobody can open the vault, including you.</source>
        <translation>Усе, що ви записуєте, зберігається в цій теці в зашифрованому вигляді. Оберіть парольну фразу, яку запам&apos;ятаєте: без неї або ключа відновлення ніхто не відкриє сховище, навіть ви.</translation>
    </message>
    <message>
        <source>Vault folder</source>
        <translation>Тека сховища</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Обрати…</translation>
    </message>
    <message>
        <source>Choose the vault folder</source>
        <translation>Оберіть теку сховища</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Нова парольна фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторіть парольну фразу</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Надійність парольної фрази</translation>
    </message>
    <message>
        <source>Create the vault</source>
        <translation>Створити сховище</translation>
    </message>
    <message>
        <source>&amp;Open a vault folder…</source>
        <translation>&amp;Відкрити теку сховища…</translation>
    </message>
    <message>
        <source>Open a vault folder</source>
        <translation>Відкрити теку сховища</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Тека</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Парольна фраза</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Too short: use at least {count} characters, for example four or five words.</source>
        <translation>Занадто коротко: потрібно щонайменше {count} знаків, наприклад чотири-п&apos;ять слів.</translation>
    </message>
    <message>
        <source>Weak: add more words or varied characters.</source>
        <translation>Слабко: додайте слова або різні знаки.</translation>
    </message>
    <message>
        <source>Fair.</source>
        <translation>Прийнятно.</translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation>Надійно.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фрази не збігаються.</translation>
    </message>
    <message>
        <source>Measuring this computer to make the passphrase as hard to guess as it can afford, then creating the vault. This takes a few seconds.</source>
        <translation>Вимірюємо можливості комп&apos;ютера, щоб парольну фразу було якомога важче підібрати, і створюємо сховище. Це триватиме кілька секунд.</translation>
    </message>
    <message>
        <source>Creating the vault</source>
        <translation>Створення сховища</translation>
    </message>
    <message>
        <source>Your recovery key</source>
        <translation>Ваш ключ відновлення</translation>
    </message>
    <message>
        <source>Write this key on paper and keep it somewhere safe, away from this computer. It opens the vault if the passphrase is forgotten. It is shown only now.</source>
        <translation>Запишіть цей ключ на папері та зберігайте в надійному місці, подалі від цього комп&apos;ютера. Він відкриє сховище, якщо парольну фразу буде забуто. Він показується лише зараз.</translation>
    </message>
</context>
<context>
    <name>CustodyDialog</name>
    <message>
        <source>Custody log</source>
        <translation>Журнал зберігання</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Подія</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Хто</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Час</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Пристрій</translation>
    </message>
    <message>
        <source>Custody events</source>
        <translation>Події зберігання</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time}</source>
        <translation>Позначка часу від {authority}: {time}</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>РРРР, РРРР-ММ або РРРР-ММ-ДД</translation>
    </message>
    <message>
        <source>YYYY-MM-DD HH:MM, local time</source>
        <translation>РРРР-ММ-ДД ГГ:ХХ, місцевий час</translation>
    </message>
    <message>
        <source>Alt+Down or F4 opens a calendar</source>
        <translation>Alt+Вниз або F4 відкриває календар</translation>
    </message>
    <message>
        <source>Choose a date in a calendar</source>
        <translation>Вибрати дату в календарі</translation>
    </message>
    <message>
        <source>This date is in the future: check it.</source>
        <translation>Ця дата в майбутньому: перевірте її.</translation>
    </message>
</context>
<context>
    <name>DriveWarning</name>
    <message>
        <source>About the drive of this folder</source>
        <translation>Про диск цієї папки</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions: the vault&apos;s files are encrypted, but anyone who plugs the drive in can copy or delete them. Prefer a drive formatted NTFS, APFS or ext4, or encrypt the whole drive.</source>
        <translation>Цей диск відформатовано у {name}, де немає ні власника, ні прав доступу: файли сховища зашифровано, але будь-хто, хто підключить диск, може їх скопіювати або видалити. Краще оберіть диск, відформатований у NTFS, APFS або ext4, або зашифруйте весь диск.</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions and holds no file over 4 GiB: the package is encrypted, but anyone who plugs the drive in can copy or delete it, and a larger package is refused.</source>
        <translation>Цей диск відформатовано у {name}, де немає ні власника, ні прав доступу і не можна зберігати файл, більший за 4 ГіБ: пакет зашифровано, але будь-хто, хто підключить диск, може його скопіювати або видалити, а більший пакет буде відхилено.</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions: the package is encrypted, but anyone who plugs the drive in can copy or delete it.</source>
        <translation>Цей диск відформатовано у {name}, де немає ні власника, ні прав доступу: пакет зашифровано, але будь-хто, хто підключить диск, може його скопіювати або видалити.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export a package</source>
        <translation>Експорт пакета</translation>
    </message>
    <message>
        <source>Destination folder</source>
        <translation>Тека призначення</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Обрати…</translation>
    </message>
    <message>
        <source>Reading the settings…</source>
        <translation>Читаємо налаштування…</translation>
    </message>
    <message>
        <source>Saved coordinators to encrypt to</source>
        <translation>Збережені координатори, для яких шифрувати</translation>
    </message>
    <message>
        <source>None saved; coordinators can be added in Settings.</source>
        <translation>Немає збережених; координаторів можна додати в Налаштуваннях.</translation>
    </message>
    <message>
        <source>Other recipients, one age key per line</source>
        <translation>Інші одержувачі, по одному ключу age у рядку</translation>
    </message>
    <message>
        <source>What the platform receives</source>
        <translation>Що отримує платформа</translation>
    </message>
    <message>
        <source>What the other recipients receive</source>
        <translation>Що отримують інші одержувачі</translation>
    </message>
    <message>
        <source>Export result</source>
        <translation>Результат експорту</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Експортувати</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Куди</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Платформа</translation>
    </message>
    <message>
        <source>Coordinators</source>
        <translation>Координатори</translation>
    </message>
    <message>
        <source>Other recipients</source>
        <translation>Інші одержувачі</translation>
    </message>
    <message>
        <source>The platform &amp;receives</source>
        <translation>Платформа &amp;отримує</translation>
    </message>
    <message>
        <source>The &amp;others receive</source>
        <translation>&amp;Інші отримують</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>Оригінали</translation>
    </message>
    <message>
        <source>Working copies (location and camera removed)</source>
        <translation>Робочі копії (без місця й камери)</translation>
    </message>
    <message>
        <source>Encrypted to the platform&apos;s key {key}</source>
        <translation>Зашифровано для ключа платформи {key}</translation>
    </message>
    <message>
        <source>No platform key is set; add recipients below or set it in Settings.</source>
        <translation>Ключ платформи не задано; додайте одержувачів нижче або задайте його в налаштуваннях.</translation>
    </message>
    <message>
        <source>Choose where to write the package</source>
        <translation>Оберіть, куди записати пакет</translation>
    </message>
    <message>
        <source>Writing the package…</source>
        <translation>Записуємо пакет…</translation>
    </message>
    <message>
        <source>Written and read back: {name}, {size}, SHA-256 {digest} ({media}).</source>
        <translation>Записано й прочитано знову: {name}, {size}, SHA-256 {digest} ({media}).</translation>
    </message>
    <message>
        <source>Only a recipient can open it.</source>
        <translation>Відкрити його може лише одержувач.</translation>
    </message>
    <message>
        <source>Only a recipient can open them.</source>
        <translation>Відкрити їх може лише одержувач.</translation>
    </message>
    <message>
        <source>working copies</source>
        <translation>робочі копії</translation>
    </message>
    <message>
        <source>originals</source>
        <translation>оригінали</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Decrypting…</source>
        <translation>Розшифровуємо…</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Зображення</translation>
    </message>
    <message>
        <source>This image cannot be shown.</source>
        <translation>Це зображення неможливо показати.</translation>
    </message>
</context>
<context>
    <name>IncidentBox</name>
    <message>
        <source>Incident</source>
        <translation>Інцидент</translation>
    </message>
    <message>
        <source>Incident date from</source>
        <translation>Дата інциденту, від</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>необов&apos;язково</translation>
    </message>
    <message>
        <source>Incident date to</source>
        <translation>Дата інциденту, до</translation>
    </message>
    <message>
        <source>Incident place</source>
        <translation>Місце інциденту</translation>
    </message>
    <message>
        <source>Violation types</source>
        <translation>Види порушень</translation>
    </message>
    <message>
        <source>separate several with ;</source>
        <translation>кілька через ;</translation>
    </message>
    <message>
        <source>Alleged perpetrators</source>
        <translation>Імовірні винуватці</translation>
    </message>
    <message>
        <source>Witnesses</source>
        <translation>Свідки</translation>
    </message>
    <message>
        <source>Incident description</source>
        <translation>Опис інциденту</translation>
    </message>
    <message>
        <source>Remove this incident…</source>
        <translation>Видалити цей інцидент…</translation>
    </message>
    <message>
        <source>Asks first when the incident holds anything</source>
        <translation>Спершу питає, якщо в інциденті щось заповнено</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Місце</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Порушення</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Що сталося</translation>
    </message>
</context>
<context>
    <name>InterviewSection</name>
    <message>
        <source>Interview</source>
        <translation>Інтерв&apos;ю</translation>
    </message>
    <message>
        <source>Interview date and time</source>
        <translation>Дата й час інтерв&apos;ю</translation>
    </message>
    <message>
        <source>Interview place</source>
        <translation>Місце інтерв&apos;ю</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>Інтерв&apos;юер</translation>
    </message>
    <message>
        <source>Language of the interview</source>
        <translation>Мова інтерв&apos;ю</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Перекладач</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Коли</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Місце</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Мова</translation>
    </message>
</context>
<context>
    <name>IstanbulSection</name>
    <message>
        <source>Istanbul Protocol sections</source>
        <translation>Розділи Стамбульського протоколу</translation>
    </message>
    <message>
        <source>Show the Istanbul Protocol sections</source>
        <translation>Показати розділи Стамбульського протоколу</translation>
    </message>
    <message>
        <source>Circumstances of the arrest or detention</source>
        <translation>Обставини арешту або затримання</translation>
    </message>
    <message>
        <source>Place and routine of detention</source>
        <translation>Місце та режим утримання</translation>
    </message>
    <message>
        <source>Methods of torture or ill-treatment</source>
        <translation>Методи катувань або жорстокого поводження</translation>
    </message>
    <message>
        <source>Injuries and after-effects</source>
        <translation>Травми та наслідки</translation>
    </message>
    <message>
        <source>Persons involved</source>
        <translation>Причетні особи</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Vault</source>
        <translation>&amp;Сховище</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Заблокувати</translation>
    </message>
    <message>
        <source>&amp;Quick lock and hide</source>
        <translation>&amp;Швидко заблокувати й сховати</translation>
    </message>
    <message>
        <source>&amp;Verify a package…</source>
        <translation>&amp;Перевірити пакет…</translation>
    </message>
    <message>
        <source>S&amp;ync with the platform…</source>
        <translation>С&amp;инхронізувати з платформою…</translation>
    </message>
    <message>
        <source>Change the &amp;passphrase…</source>
        <translation>Змінити &amp;парольну фразу…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Налаштування…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Вийти</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Нотатки</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Відкрити</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Щось пішло не так</translation>
    </message>
    <message>
        <source>Change all &amp;keys (re-key)…</source>
        <translation>Змінити всі &amp;ключі…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>Recovery s&amp;hares…</source>
        <translation>&amp;Частки відновлення…</translation>
    </message>
    <message>
        <source>&amp;Wipe this vault…</source>
        <translation>&amp;Знищити це сховище…</translation>
    </message>
    <message>
        <source>&amp;Wipe…</source>
        <translation>&amp;Знищити…</translation>
    </message>
    <message>
        <source>There is no vault in this folder: {folder}</source>
        <translation>У цій теці немає сховища: {folder}</translation>
    </message>
    <message>
        <source>This folder already holds a vault: unlock it with its passphrase, or open another folder.</source>
        <translation>У цій теці вже є сховище: відкрийте його парольною фразою або оберіть іншу теку.</translation>
    </message>
    <message>
        <source>It is open read-only: you can read everything but change nothing.</source>
        <translation>Воно відкрите лише для читання: можна все читати, але нічого не можна змінити.</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Лише для читання</translation>
    </message>
    <message>
        <source>&amp;Accept this state…</source>
        <translation>&amp;Прийняти цей стан…</translation>
    </message>
    <message>
        <source>This vault&apos;s database is older than its keys: it may have been replaced with an older copy.</source>
        <translation>База даних цього сховища старіша за його ключі: можливо, її підмінили старішою копією.</translation>
    </message>
    <message>
        <source>The database is older than its keys</source>
        <translation>База даних старіша за свої ключі</translation>
    </message>
    <message>
        <source>The vault is open read-only. If you did not put back an older copy yourself (for example from a backup), someone may have replaced it to undo changes: keep it read-only and ask for help. “Accept this state” makes it writable again as it is now.</source>
        <translation>Сховище відкрите лише для читання. Якщо ви самі не повертали старішу копію (наприклад, з резервної), хтось міг підмінити її, щоб скасувати зміни: залиште його лише для читання й попросіть допомоги. «Прийняти цей стан» знову дозволяє зміни в теперішньому стані.</translation>
    </message>
    <message>
        <source>Accept this state</source>
        <translation>Прийняти цей стан</translation>
    </message>
    <message>
        <source>Accept the database as it is now? Do this only if you know why it is older than its keys, for example because you restored a backup yourself. Changes made after that copy are not brought back. The acceptance is recorded in the custody log.</source>
        <translation>Прийняти базу даних у теперішньому стані? Робіть це, лише якщо знаєте, чому вона старіша за свої ключі, наприклад, якщо ви самі відновили резервну копію. Зміни, зроблені після цієї копії, не повернуться. Прийняття записується в журнал зберігання.</translation>
    </message>
    <message>
        <source>Keep it read-only</source>
        <translation>Залишити лише для читання</translation>
    </message>
    <message>
        <source>The vault was not wiped</source>
        <translation>Сховище не знищено</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Нова справа</translation>
    </message>
    <message>
        <source>Case title</source>
        <translation>Назва справи</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Регіон</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Опис</translation>
    </message>
    <message>
        <source>Create case</source>
        <translation>Створити справу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Назва</translation>
    </message>
</context>
<context>
    <name>NewTestimonyDialog</name>
    <message>
        <source>New testimony</source>
        <translation>Нове свідчення</translation>
    </message>
    <message>
        <source>Code or pseudonym of the person interviewed</source>
        <translation>Код або псевдонім опитаної особи</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Survivor</source>
        <translation>Постраждалий</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>Свідок</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>Родич</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Інше</translation>
    </message>
    <message>
        <source>Start the testimony</source>
        <translation>Почати свідчення</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Code or pseudonym</source>
        <translation>Код або псевдонім</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Change the passphrase</source>
        <translation>Змінити парольну фразу</translation>
    </message>
    <message>
        <source>Current passphrase or recovery key</source>
        <translation>Поточна парольна фраза або ключ відновлення</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Нова парольна фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторіть парольну фразу</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Змінити</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Поточна</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Нова</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Занадто слабко: щонайменше {count} знаків, кілька слів.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фрази не збігаються.</translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation>Змінюємо…</translation>
    </message>
</context>
<context>
    <name>PersonDetailsSection</name>
    <message>
        <source>Identifying details</source>
        <translation>Ідентифікаційні відомості</translation>
    </message>
    <message>
        <source>These travel only with consent to be named; without it a package names the person by code only.</source>
        <translation>Передаються лише за згоди на згадування імені; без неї пакет називає людину лише за кодом.</translation>
    </message>
    <message>
        <source>Full name of the person interviewed</source>
        <translation>Повне ім&apos;я опитаної особи</translation>
    </message>
    <message>
        <source>Contacts of the person interviewed</source>
        <translation>Контакти опитаної особи</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Дата народження</translation>
    </message>
    <message>
        <source>A sealed testimony names this person: these details can no longer change.</source>
        <translation>Цю людину називає опечатане свідчення: ці відомості більше не можна змінити.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Повне ім&apos;я</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакти</translation>
    </message>
</context>
<context>
    <name>PhoneImportDialog</name>
    <message>
        <source>Phone key</source>
        <translation>Ключ телефону</translation>
    </message>
    <message>
        <source>Signature over the photo or video</source>
        <translation>Підпис фото чи відео</translation>
    </message>
    <message>
        <source>Proof table names this file</source>
        <translation>Таблиця доказів називає цей файл</translation>
    </message>
    <message>
        <source>Signature over the proof table</source>
        <translation>Підпис таблиці доказів</translation>
    </message>
    <message>
        <source>Proof records name this file</source>
        <translation>Записи доказів називають цей файл</translation>
    </message>
    <message>
        <source>Signature over the proof records</source>
        <translation>Підпис записів доказів</translation>
    </message>
    <message>
        <source>Proof data</source>
        <translation>Дані доказів</translation>
    </message>
    <message>
        <source>File named by the proofs</source>
        <translation>Файл, названий у доказах</translation>
    </message>
    <message>
        <source>Covered by a proof</source>
        <translation>Підтверджений доказом</translation>
    </message>
    <message>
        <source>Older ProofMode export</source>
        <translation>Старий формат експорту ProofMode</translation>
    </message>
    <message>
        <source>Device attestation</source>
        <translation>Атестація пристрою</translation>
    </message>
    <message>
        <source>Time stamp (OpenTimestamps)</source>
        <translation>Позначка часу (OpenTimestamps)</translation>
    </message>
    <message>
        <source>Content credentials (C2PA)</source>
        <translation>Відомості про походження (C2PA)</translation>
    </message>
    <message>
        <source>Content credentials of an ingredient</source>
        <translation>Відомості про походження складника</translation>
    </message>
    <message>
        <source>Content credentials kept online</source>
        <translation>Відомості про походження зберігаються в мережі</translation>
    </message>
    <message>
        <source>Reading content credentials</source>
        <translation>Читання відомостей про походження</translation>
    </message>
    <message>
        <source>Tella file hash</source>
        <translation>Хеш файлу Tella</translation>
    </message>
    <message>
        <source>Save metadata</source>
        <translation>Метадані Save</translation>
    </message>
    <message>
        <source>Save metadata names this file</source>
        <translation>Метадані Save називають цей файл</translation>
    </message>
    <message>
        <source>Proof of origin</source>
        <translation>Доказ походження</translation>
    </message>
    <message>
        <source>Photos or videos in the export</source>
        <translation>Фото чи відео в експорті</translation>
    </message>
    <message>
        <source>holds</source>
        <translation>підтверджено</translation>
    </message>
    <message>
        <source>FAILS</source>
        <translation>НЕ ПРОХОДИТЬ</translation>
    </message>
    <message>
        <source>cannot be checked</source>
        <translation>неможливо перевірити</translation>
    </message>
    <message>
        <source>noted</source>
        <translation>відзначено</translation>
    </message>
    <message>
        <source>Verified: every proof that was found holds.</source>
        <translation>Перевірено: кожен знайдений доказ підтверджено.</translation>
    </message>
    <message>
        <source>FAILED: at least one proof does not hold. Import it only to keep it as it is; it will be marked as failed everywhere it shows.</source>
        <translation>НЕ ПРОЙШЛО ПЕРЕВІРКУ: щонайменше один доказ не підтверджено. Імпортуйте, лише щоб зберегти як є; його буде позначено як неперевірений скрізь, де він показується.</translation>
    </message>
    <message>
        <source>Cannot be verified: nothing failed, but some proofs could not be checked (no phone key, a signer not on the trust list, or no proof at all).</source>
        <translation>Неможливо перевірити: ніщо не провалило перевірку, але частину доказів перевірити не можна (немає ключа телефону, підписант не зі списку довірених або доказів немає взагалі).</translation>
    </message>
    <message>
        <source>Phone key: {fingerprint}</source>
        <translation>Ключ телефону: {fingerprint}</translation>
    </message>
    <message>
        <source>Known as: {name}</source>
        <translation>Відомий як: {name}</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Файл: {name}</translation>
    </message>
    <message>
        <source>Import from phone</source>
        <translation>Імпорт з телефону</translation>
    </message>
    <message>
        <source>Choose a ProofMode, Tella or Save export, or a photo or video with content credentials. It is checked here, offline, before anything is stored.</source>
        <translation>Виберіть експорт ProofMode, Tella чи Save або фото чи відео з відомостями про походження. Його перевіряють тут, без мережі, перш ніж щось зберегти.</translation>
    </message>
    <message>
        <source>Choose a zip, photo or video…</source>
        <translation>Вибрати zip, фото чи відео…</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Вибрати теку…</translation>
    </message>
    <message>
        <source>Verification report</source>
        <translation>Звіт про перевірку</translation>
    </message>
    <message>
        <source>Whose phone (a name; its key is remembered)</source>
        <translation>Чий телефон (ім’я; його ключ запам’ятовується)</translation>
    </message>
    <message>
        <source>Import anyway, marked as FAILED</source>
        <translation>Все одно імпортувати з позначкою «НЕ ПРОЙШЛО ПЕРЕВІРКУ»</translation>
    </message>
    <message>
        <source>This phone has a new key (the change is recorded)</source>
        <translation>У цього телефону новий ключ (зміну буде записано)</translation>
    </message>
    <message>
        <source>Import status</source>
        <translation>Стан імпорту</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Імпортувати</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Перевірка…</translation>
    </message>
    <message>
        <source>Not imported: {reason}</source>
        <translation>Не імпортовано: {reason}</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>Імпортовано.</translation>
    </message>
</context>
<context>
    <name>ProfileSwapDialog</name>
    <message>
        <source>This profile sends packages elsewhere</source>
        <translation>Цей профіль надсилає пакети в інше місце</translation>
    </message>
    <message>
        <source>This profile file sends packages somewhere else than the profile in use, so it was not imported. A planted profile would send every future testimony to someone else. Call the platform (or meet them) and compare each fingerprint below aloud before replacing.</source>
        <translation>Цей файл профілю надсилає пакети не туди, куди поточний профіль, тому його не імпортовано. Підкинутий профіль надсилав би кожне наступне свідчення комусь іншому. Перед заміною зателефонуйте на платформу (або зустріньтеся) і звірте вголос кожен відбиток нижче.</translation>
    </message>
    <message>
        <source>Platform key</source>
        <translation>Ключ платформи</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Сертифікат</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адреса</translation>
    </message>
    <message>
        <source>Receipt key</source>
        <translation>Ключ квитанцій</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>Використовується зараз</translation>
    </message>
    <message>
        <source>In this file</source>
        <translation>У цьому файлі</translation>
    </message>
    <message>
        <source>in use now</source>
        <translation>використовується зараз</translation>
    </message>
    <message>
        <source>in this file</source>
        <translation>у цьому файлі</translation>
    </message>
    <message>
        <source>{field}, {side}</source>
        <translation>{field}, {side}</translation>
    </message>
    <message>
        <source>I &amp;compared the new fingerprints with the platform by voice</source>
        <translation>Я &amp;звірив нові відбитки з платформою голосом</translation>
    </message>
    <message>
        <source>&amp;Replace the profile</source>
        <translation>&amp;Замінити профіль</translation>
    </message>
    <message>
        <source>&amp;Keep the profile in use</source>
        <translation>&amp;Залишити поточний профіль</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>Тека</translation>
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
        <translation>&amp;Шукати в:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Назва файлу:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Тип файлів:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Тека:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Відкрити</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Зберегти</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Вибрати</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Видалити</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Перейменувати</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;Нова тека</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Показувати &amp;приховані файли</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Усі файли (*)</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Теки</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файли</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Вперед</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Повернутися назад</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Перейти вперед</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Батьківська тека</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Перейти до батьківської теки</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Створити нову теку</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Створити нову теку</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Список</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Показати списком</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Докладно</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Показати докладно</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Бічна панель</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Список місць і закладок</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Назва</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Розмір</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Дата зміни</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Комп&apos;ютер</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Скасувати дію</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Повторити дію</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Вирізати</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копіювати</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Вставити</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Виділити все</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Гаразд</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Так</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Ні</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Так для &amp;всіх</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Ні для в&amp;сіх</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Відкрити</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Зберегти</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Зберегти все</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Відкинути</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Застосувати</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Скинути</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Відновити типові</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Довідка</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Перервати</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Повторити</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Ігнорувати</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Скасувати дію</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Повторити дію</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Вирізати</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копіювати</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Вставити</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Виділити все</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Копіювати &amp;адресу посилання</translation>
    </message>
</context>
<context>
    <name>RecorderPanel</name>
    <message>
        <source>Audio recording</source>
        <translation>Аудіозапис</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Записати</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Зупинити</translation>
    </message>
    <message>
        <source>Input level</source>
        <translation>Рівень сигналу</translation>
    </message>
    <message>
        <source>Recording time</source>
        <translation>Час запису</translation>
    </message>
    <message>
        <source>Recording status</source>
        <translation>Стан запису</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Відтворити</translation>
    </message>
    <message>
        <source>Playback position</source>
        <translation>Позиція відтворення</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продовжити</translation>
    </message>
    <message>
        <source>No microphone was found on this computer.</source>
        <translation>На цьому комп&apos;ютері не знайдено мікрофон.</translation>
    </message>
    <message>
        <source>Recording needs the consent to audio recording, ticked above.</source>
        <translation>Для запису потрібна згода на аудіозапис, позначена вище.</translation>
    </message>
    <message>
        <source>Asking the system for access to the microphone…</source>
        <translation>Запитуємо в системи доступ до мікрофона…</translation>
    </message>
    <message>
        <source>This program may not use the microphone. Allow it in System Settings › Privacy &amp; Security › Microphone, then press Record again.</source>
        <translation>Цій програмі не дозволено користуватися мікрофоном. Дозвольте це в «Системні параметри › Приватність і безпека › Мікрофон» і знову натисніть «Записати».</translation>
    </message>
    <message>
        <source>This program may not use the microphone. Allow it in Settings › Privacy &amp; security › Microphone, then press Record again.</source>
        <translation>Цій програмі не дозволено користуватися мікрофоном. Дозвольте це в «Настройки › Конфіденційність і захист › Мікрофон» і знову натисніть «Записати».</translation>
    </message>
    <message>
        <source>The system does not allow this program to use the microphone.</source>
        <translation>Система не дозволяє цій програмі користуватися мікрофоном.</translation>
    </message>
    <message>
        <source>Recording is not available: this computer&apos;s media components could not be loaded. On Windows &quot;N&quot; editions, install the Media Feature Pack (Settings › Apps › Optional features) and start the program again. Everything else works.</source>
        <translation>Запис недоступний: не вдалося завантажити мультимедійні компоненти цього комп&apos;ютера. У випусках Windows «N» установіть пакет функцій мультимедіа (Media Feature Pack; «Настройки › Програми › Додаткові компоненти») і запустіть програму знову. Усе інше працює.</translation>
    </message>
    <message>
        <source>The microphone could not be opened.</source>
        <translation>Не вдалося відкрити мікрофон.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Починаємо…</translation>
    </message>
    <message>
        <source>Recording. The audio is encrypted into the vault as it comes.</source>
        <translation>Триває запис. Звук шифрується у сховище одразу.</translation>
    </message>
    <message>
        <source>Starting the microphone: begin when the clock starts running.</source>
        <translation>Мікрофон вмикається: починайте, коли годинник піде.</translation>
    </message>
    <message>
        <source>Paused. Nothing is recorded until you press Resume.</source>
        <translation>Призупинено. Нічого не записується, доки ви не натиснете «Продовжити».</translation>
    </message>
    <message>
        <source>The microphone gives sound ({input}) but the audio encoder has written nothing for {seconds} s: nothing is being stored. {reason}</source>
        <translation>Мікрофон дає звук ({input}), але аудіокодувальник нічого не записав за {seconds} с: нічого не зберігається. {reason}</translation>
    </message>
    <message>
        <source>The encoder said: {error}</source>
        <translation>Кодувальник повідомив: {error}</translation>
    </message>
    <message>
        <source>It reported no error. Check the microphone in the system&apos;s sound settings and record again.</source>
        <translation>Він не повідомив про помилку. Перевірте мікрофон у налаштуваннях звуку системи й запишіть знову.</translation>
    </message>
    <message>
        <source>Stop, and take written notes meanwhile.</source>
        <translation>Зупиніть запис і поки що ведіть письмові нотатки.</translation>
    </message>
    <message>
        <source>Finishing the recording…</source>
        <translation>Завершуємо запис…</translation>
    </message>
    <message>
        <source>The microphone stopped working; what was recorded is kept.</source>
        <translation>Мікрофон перестав працювати; записане збережено.</translation>
    </message>
    <message>
        <source>The microphone gave sound, but the audio encoder wrote nothing, so no recording could be stored. {reason}</source>
        <translation>Мікрофон давав звук, але аудіокодувальник нічого не записав, тому запис не вдалося зберегти. {reason}</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>Нічого не записано.</translation>
    </message>
    <message>
        <source>Recording saved ({seconds} s).</source>
        <translation>Запис збережено ({seconds} с).</translation>
    </message>
    <message>
        <source>Pause playback</source>
        <translation>Призупинити</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPanel</name>
    <message>
        <source>Recovery key</source>
        <translation>Ключ відновлення</translation>
    </message>
    <message>
        <source>To check you have it, type its last group:</source>
        <translation>Для перевірки введіть його останню групу:</translation>
    </message>
    <message>
        <source>Last group of the recovery key</source>
        <translation>Остання група ключа відновлення</translation>
    </message>
    <message>
        <source>I have written it down</source>
        <translation>Я його записав(ла)</translation>
    </message>
</context>
<context>
    <name>RekeyDialog</name>
    <message>
        <source>Change all keys (re-key)</source>
        <translation>Змінити всі ключі (перешифрування)</translation>
    </message>
    <message>
        <source>Gives the vault a new master key: the database is re-encrypted and every key re-wrapped. Afterwards the old recovery key and every recovery share are worthless, and so is the old passphrase if you choose a new one. Do this after anyone forced you to unlock the vault or saw a secret. A copy of the vault folder taken before stays readable with the old secrets.</source>
        <translation>Дає сховищу новий головний ключ: базу даних перешифровується, і кожен ключ перезагортається. Після цього старий ключ відновлення та всі частки відновлення нічого не варті, як і стара парольна фраза, якщо ви оберете нову. Зробіть це, якщо вас змусили відкрити сховище або хтось побачив секрет. Копія теки сховища, знята раніше, залишається читабельною зі старими секретами.</translation>
    </message>
    <message>
        <source>Current passphrase or recovery key</source>
        <translation>Поточна парольна фраза або ключ відновлення</translation>
    </message>
    <message>
        <source>Also choose a &amp;new passphrase</source>
        <translation>Також обрати &amp;нову парольну фразу</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Нова парольна фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторіть парольну фразу</translation>
    </message>
    <message>
        <source>Change all keys</source>
        <translation>Змінити всі ключі</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Поточна</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Нова</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Re-encrypting the database and re-wrapping every key. Keep the program open; if it is interrupted, the vault opens with the old secrets and the re-key can be run again.</source>
        <translation>Перешифровується база даних і перезагортається кожен ключ. Не закривайте програму; якщо процес перерветься, сховище відкриється старими секретами, і зміну ключів можна буде запустити знову.</translation>
    </message>
    <message>
        <source>Changing all keys</source>
        <translation>Зміна всіх ключів</translation>
    </message>
    <message>
        <source>Your new recovery key</source>
        <translation>Ваш новий ключ відновлення</translation>
    </message>
    <message>
        <source>All keys were changed. The old recovery key and every recovery share no longer open the vault: destroy them. Write this new key on paper and keep it somewhere safe, away from this computer. It is shown only now.</source>
        <translation>Усі ключі змінено. Старий ключ відновлення та всі частки відновлення більше не відкривають сховище: знищте їх. Запишіть цей новий ключ на папері та зберігайте в надійному місці, подалі від цього комп&apos;ютера. Він показується лише зараз.</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Занадто слабко: щонайменше {count} знаків, кілька слів.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фрази не збігаються.</translation>
    </message>
    <message>
        <source>With the recovery key, also choose a new passphrase.</source>
        <translation>З ключем відновлення оберіть також нову парольну фразу.</translation>
    </message>
</context>
<context>
    <name>SealDialog</name>
    <message>
        <source>Seal the testimony</source>
        <translation>Опечатати свідчення</translation>
    </message>
    <message>
        <source>Sealing signs this version with this device&apos;s key. After that it cannot change; a correction becomes a new version.</source>
        <translation>Опечатування підписує цю версію ключем пристрою. Після цього вона не може змінитися; виправлення стане новою версією.</translation>
    </message>
    <message>
        <source>Reading the testimony…</source>
        <translation>Читаємо свідчення…</translation>
    </message>
    <message>
        <source>Device fingerprint</source>
        <translation>Відбиток пристрою</translation>
    </message>
    <message>
        <source>I have read the consent back and it is correct</source>
        <translation>Я зачитав(ла) згоду, і вона правильна</translation>
    </message>
    <message>
        <source>Seal result</source>
        <translation>Результат опечатування</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>Опечатати</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>What will be signed</source>
        <translation>Що буде підписано</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Згода</translation>
    </message>
    <message>
        <source>{person}, version {version}. Incidents: {incidents}. Narrative: {chars} characters. Attachments: {attachments} ({size}).</source>
        <translation>{person}, версія {version}. Інцидентів: {incidents}. Розповідь: знаків {chars}. Вкладень: {attachments} ({size}).</translation>
    </message>
    <message>
        <source>interview</source>
        <translation>інтерв&apos;ю</translation>
    </message>
    <message>
        <source>audio recording</source>
        <translation>аудіозапис</translation>
    </message>
    <message>
        <source>sharing with the platform</source>
        <translation>передання платформі</translation>
    </message>
    <message>
        <source>sharing onward</source>
        <translation>подальше передання</translation>
    </message>
    <message>
        <source>being named</source>
        <translation>згадування імені</translation>
    </message>
    <message>
        <source>being contacted again</source>
        <translation>повторний контакт</translation>
    </message>
    <message>
        <source>Agreed to: {yes}. Not agreed: {no}.</source>
        <translation>Згода на: {yes}. Без згоди: {no}.</translation>
    </message>
    <message>
        <source>It cannot be sealed yet: {reason}</source>
        <translation>Поки не можна опечатати: {reason}</translation>
    </message>
    <message>
        <source>Sealed. Content fingerprint (SHA-256): {digest}</source>
        <translation>Опечатано. Відбиток вмісту (SHA-256): {digest}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Налаштування</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Мова</translation>
    </message>
    <message>
        <source> min</source>
        <translation> хв</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Ніколи</translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation>Блокувати після хвилин без використання</translation>
    </message>
    <message>
        <source>Show a neutral window title (“Notes”)</source>
        <translation>Нейтральна назва вікна («Нотатки»)</translation>
    </message>
    <message>
        <source>Platform key</source>
        <translation>Ключ платформи</translation>
    </message>
    <message>
        <source>Device fingerprint</source>
        <translation>Відбиток пристрою</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Зберегти</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Блокувати через</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Платформа</translation>
    </message>
    <message>
        <source>Reading the settings…</source>
        <translation>Читаємо налаштування…</translation>
    </message>
    <message>
        <source>Pinned certificate fingerprint</source>
        <translation>Відбиток закріпленого сертифіката</translation>
    </message>
    <message>
        <source>Receipt key fingerprint</source>
        <translation>Відбиток ключа квитанцій</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Проксі</translation>
    </message>
    <message>
        <source>Import profile file…</source>
        <translation>Імпортувати файл профілю…</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профіль</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адреса</translation>
    </message>
    <message>
        <source>Pinned certificate</source>
        <translation>Закріплений сертифікат</translation>
    </message>
    <message>
        <source>Receipt key</source>
        <translation>Ключ квитанцій</translation>
    </message>
    <message>
        <source>Coordinators</source>
        <translation>Координатори</translation>
    </message>
    <message>
        <source>Saved coordinators</source>
        <translation>Збережені координатори</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ім&apos;я</translation>
    </message>
    <message>
        <source>Coordinator&apos;s name</source>
        <translation>Ім&apos;я координатора</translation>
    </message>
    <message>
        <source>Coordinator&apos;s key</source>
        <translation>Ключ координатора</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Додати</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>Exports can also be encrypted to these keys.</source>
        <translation>Під час експорту можна шифрувати й для цих ключів.</translation>
    </message>
    <message>
        <source>No platform profile yet: import the file your coordinator gave you.</source>
        <translation>Профілю платформи ще немає: імпортуйте файл від координатора.</translation>
    </message>
    <message>
        <source>{name} ({host})</source>
        <translation>{name} ({host})</translation>
    </message>
    <message>
        <source>Choose the profile file</source>
        <translation>Оберіть файл профілю</translation>
    </message>
    <message>
        <source>Reading the profile…</source>
        <translation>Читаємо профіль…</translation>
    </message>
    <message>
        <source>Profile imported.</source>
        <translation>Профіль імпортовано.</translation>
    </message>
    <message>
        <source>The file still holds the device token: delete it now (and empty the trash).</source>
        <translation>У файлі досі є токен пристрою: видаліть його зараз (і спорожніть кошик).</translation>
    </message>
    <message>
        <source>This file is not a usable platform profile; ask your coordinator for a new one.</source>
        <translation>Цей файл не придатний як профіль платформи; попросіть у координатора новий.</translation>
    </message>
    <message>
        <source>A name needs 1 to {count} visible characters.</source>
        <translation>Ім&apos;я має містити від 1 до {count} видимих символів.</translation>
    </message>
    <message>
        <source>This is not an age public key. It starts with age1; the coordinator can print it with age-keygen -y.</source>
        <translation>Це не відкритий ключ age. Він починається з age1; координатор може вивести його командою age-keygen -y.</translation>
    </message>
    <message>
        <source>This name or key is already saved.</source>
        <translation>Таке ім&apos;я чи ключ уже збережено.</translation>
    </message>
    <message>
        <source>At most {count} coordinators can be saved.</source>
        <translation>Можна зберегти не більше ніж {count} координаторів.</translation>
    </message>
    <message>
        <source>This proxy cannot be used. Write it as socks5h://host:port, for example socks5h://127.0.0.1:9050 (socks5h: the proxy, not this device, looks up names). Leave it empty for no proxy.</source>
        <translation>Цей проксі не можна використати. Запишіть його як socks5h://host:port, наприклад socks5h://127.0.0.1:9050 (socks5h: імена шукає проксі, а не цей пристрій). Залиште поле порожнім, якщо проксі не потрібен.</translation>
    </message>
    <message>
        <source>Platform key fingerprint</source>
        <translation>Відбиток ключа платформи</translation>
    </message>
    <message>
        <source>If the laptop is taken</source>
        <translation>Якщо ноутбук заберуть</translation>
    </message>
    <message>
        <source>&amp;Wipe the vault after failed unlocks</source>
        <translation>&amp;Знищувати сховище після невдалих спроб відкрити</translation>
    </message>
    <message>
        <source> failed unlocks in a row</source>
        <translation> невдалих спроб поспіль</translation>
    </message>
    <message>
        <source>Wipe after this many failed unlocks</source>
        <translation>Знищити після стількох невдалих спроб</translation>
    </message>
    <message>
        <source>Off by default. Counts wrong passphrases typed into this program only; anyone holding the vault folder can read whether this is on and the count so far, and a copy of the folder is not protected by it.</source>
        <translation>Типово вимкнено. Рахує лише неправильні парольні фрази, введені в цю програму; будь-хто, у кого є тека сховища, може прочитати, чи це ввімкнено і скільки спроб уже було, а копію теки це не захищає.</translation>
    </message>
    <message>
        <source>No platform key yet.</source>
        <translation>Ключа платформи ще немає.</translation>
    </message>
    <message>
        <source>The profile in use was kept; the file was not imported.</source>
        <translation>Поточний профіль залишено; файл не імпортовано.</translation>
    </message>
</context>
<context>
    <name>ShareResetDialog</name>
    <message>
        <source>Reset the passphrase with recovery shares</source>
        <translation>Скинути парольну фразу за допомогою часток відновлення</translation>
    </message>
    <message>
        <source>Enter as many recovery shares as were required when they were created: type or paste each one, with an empty line between shares, or add the share files. Then choose a new passphrase; the forgotten one stops working.</source>
        <translation>Введіть стільки часток відновлення, скільки вимагалося під час їх створення: наберіть або вставте кожну, з порожнім рядком між частками, або додайте файли часток. Потім оберіть нову парольну фразу; забута перестане діяти.</translation>
    </message>
    <message>
        <source>Recovery shares</source>
        <translation>Частки відновлення</translation>
    </message>
    <message>
        <source>&amp;Add a share file…</source>
        <translation>&amp;Додати файл частки…</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Нова парольна фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторіть парольну фразу</translation>
    </message>
    <message>
        <source>Opening the vault</source>
        <translation>Відкриття сховища</translation>
    </message>
    <message>
        <source>Reset the passphrase</source>
        <translation>Скинути парольну фразу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Нова</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>This file cannot be read as a recovery share.</source>
        <translation>Цей файл не можна прочитати як частку відновлення.</translation>
    </message>
    <message>
        <source>Choose share files</source>
        <translation>Оберіть файли часток</translation>
    </message>
    <message>
        <source>Shares entered: {count}</source>
        <translation>Введено часток: {count}</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Занадто слабко: щонайменше {count} знаків, кілька слів.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фрази не збігаються.</translation>
    </message>
    <message>
        <source>These shares do not open this vault: they may be from an earlier split (a newer split or a re-key makes old shares worthless) or from another vault.</source>
        <translation>Ці частки не відкривають це сховище: можливо, вони від попереднього поділу (новий поділ або зміна ключів робить старі частки марними) чи від іншого сховища.</translation>
    </message>
    <message>
        <source>These shares cannot be combined. {reason}</source>
        <translation>Ці частки не можна об&apos;єднати. {reason}</translation>
    </message>
</context>
<context>
    <name>SharesDialog</name>
    <message>
        <source>Recovery shares</source>
        <translation>Частки відновлення</translation>
    </message>
    <message>
        <source>Split the power to reset the passphrase among N trusted people: any K of the shares together open the vault and set a new passphrase; fewer reveal nothing about it. Creating new shares makes earlier ones worthless, and so does a re-key.</source>
        <translation>Розділіть можливість скинути парольну фразу між N довіреними людьми: будь-які K часток разом відкривають сховище й задають нову парольну фразу; менша кількість нічого про неї не розкриває. Нові частки роблять попередні марними, як і зміна ключів.</translation>
    </message>
    <message>
        <source>Shares needed (K)</source>
        <translation>Потрібно часток (K)</translation>
    </message>
    <message>
        <source>Shares in all (N)</source>
        <translation>Усього часток (N)</translation>
    </message>
    <message>
        <source>Create the shares</source>
        <translation>Створити частки</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Save &amp;all to a folder…</source>
        <translation>Зберегти &amp;всі в теку…</translation>
    </message>
    <message>
        <source>&amp;Save the selected share…</source>
        <translation>&amp;Зберегти вибрану частку…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Друкувати…</translation>
    </message>
    <message>
        <source>Printing is not available in this installation: save the shares, then print the files.</source>
        <translation>Друк у цьому встановленні недоступний: збережіть частки, а потім роздрукуйте файли.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>The shares needed cannot be more than the shares in all.</source>
        <translation>Потрібних часток не може бути більше, ніж усього часток.</translation>
    </message>
    <message>
        <source>{count} shares were created; any {threshold} of them reset the passphrase. Earlier shares no longer work. Give each share to a different person. A saved file holds its share in clear: once printed or handed over, delete it (and empty the trash).</source>
        <translation>Створено часток: {count}; будь-які {threshold} з них скидають парольну фразу. Попередні частки більше не діють. Віддайте кожну частку іншій людині. Збережений файл містить частку у відкритому вигляді: після друку або передавання видаліть його (і очистьте кошик).</translation>
    </message>
    <message>
        <source>Share {number} of {count}</source>
        <translation>Частка {number} з {count}</translation>
    </message>
    <message>
        <source>The shares could not be written to this folder.</source>
        <translation>Частки не вдалося записати в цю теку.</translation>
    </message>
    <message>
        <source>{count} share files written to {folder}.</source>
        <translation>Файлів часток записано в {folder}: {count}.</translation>
    </message>
    <message>
        <source>The share could not be written there.</source>
        <translation>Частку не вдалося записати туди.</translation>
    </message>
    <message>
        <source>Share {number} written to {path}.</source>
        <translation>Частку {number} записано в {path}.</translation>
    </message>
    <message>
        <source>Choose a folder for the share files</source>
        <translation>Оберіть теку для файлів часток</translation>
    </message>
    <message>
        <source>Save share {number}</source>
        <translation>Зберегти частку {number}</translation>
    </message>
    <message>
        <source>The shares were sent to the printer, one per page.</source>
        <translation>Частки надіслано на друк, по одній на сторінку.</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Progress of the package being sent</source>
        <translation>Хід надсилання пакета</translation>
    </message>
    <message>
        <source>Progress of all packages</source>
        <translation>Хід надсилання всіх пакетів</translation>
    </message>
    <message>
        <source>Package {package}: {confirmed} of {size} confirmed by the platform</source>
        <translation>Пакет {package}: платформа підтвердила {confirmed} з {size}</translation>
    </message>
    <message>
        <source>All packages: {confirmed} of {size} confirmed by the platform</source>
        <translation>Усі пакети: платформа підтвердила {confirmed} з {size}</translation>
    </message>
    <message>
        <source>waiting for the connection (attempt {attempt})</source>
        <translation>чекаємо на з’єднання (спроба {attempt})</translation>
    </message>
    <message>
        <source>measuring the rate…</source>
        <translation>вимірюємо швидкість…</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/с</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>залишилося близько {time}</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} с</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} хв</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} год</translation>
    </message>
    <message>
        <source>Sync with the platform</source>
        <translation>Синхронізація з платформою</translation>
    </message>
    <message>
        <source>Reading the outbox…</source>
        <translation>Читаємо чергу надсилання…</translation>
    </message>
    <message>
        <source>Import a profile file…</source>
        <translation>Імпортувати файл профілю…</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Пакет</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Надіслано</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Черга надсилання</translation>
    </message>
    <message>
        <source>Sync result</source>
        <translation>Результат синхронізації</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Повторити</translation>
    </message>
    <message>
        <source>Send the selected failed package again</source>
        <translation>Ще раз надіслати вибраний пакет, який не вдалося доставити</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Синхронізувати</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>Platform: {name} ({url})</source>
        <translation>Платформа: {name} ({url})</translation>
    </message>
    <message>
        <source>through a proxy</source>
        <translation>через проксі</translation>
    </message>
    <message>
        <source>No platform profile yet: import the file your coordinator gave you.</source>
        <translation>Профілю платформи ще немає: імпортуйте файл від координатора.</translation>
    </message>
    <message>
        <source>Package {package} was not delivered.</source>
        <translation>Пакет {package} не доставлено.</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Причина: {reason}</translation>
    </message>
    <message>
        <source>Select it and press Retry to send it again once the cause is dealt with.</source>
        <translation>Коли причину усунено, виберіть його і натисніть «Повторити», щоб надіслати знову.</translation>
    </message>
    <message>
        <source>delivered, receipt timestamped at {time}</source>
        <translation>доставлено, позначка часу квитанції: {time}</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>очікує</translation>
    </message>
    <message>
        <source>uploading</source>
        <translation>надсилається</translation>
    </message>
    <message>
        <source>awaiting the receipt</source>
        <translation>очікує квитанцію</translation>
    </message>
    <message>
        <source>delivered (receipt verified)</source>
        <translation>доставлено (квитанцію перевірено)</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>помилка</translation>
    </message>
    <message>
        <source>Choose the profile file</source>
        <translation>Оберіть файл профілю</translation>
    </message>
    <message>
        <source>Connecting to the platform…</source>
        <translation>Підключаємося до платформи…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Platform unreachable, trying again… (attempt {attempt} of {limit})</source>
        <translation>Платформа недоступна, пробуємо знову… (спроба {attempt} з {limit})</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Надсилання…</translation>
    </message>
    <message>
        <source>Delivered with a verified receipt: {count}.</source>
        <translation>Доставлено з перевіреною квитанцією: {count}.</translation>
    </message>
    <message>
        <source>Stopped: {reason}</source>
        <translation>Зупинено: {reason}</translation>
    </message>
    <message>
        <source>This device&apos;s fingerprint: {fingerprint}.</source>
        <translation>Відбиток цього пристрою: {fingerprint}.</translation>
    </message>
    <message>
        <source>Platform key fingerprint</source>
        <translation>Відбиток ключа платформи</translation>
    </message>
    <message>
        <source>Platform key fingerprint: {fingerprint}</source>
        <translation>Відбиток ключа платформи: {fingerprint}</translation>
    </message>
    <message>
        <source>The profile in use was kept.</source>
        <translation>Поточний профіль залишено.</translation>
    </message>
</context>
<context>
    <name>TestimonyEditor</name>
    <message>
        <source>← Testimonies</source>
        <translation>← Свідчення</translation>
    </message>
    <message>
        <source>Back to the list of testimonies</source>
        <translation>Назад до списку свідчень</translation>
    </message>
    <message>
        <source>Save state</source>
        <translation>Стан збереження</translation>
    </message>
    <message>
        <source>Start a correction</source>
        <translation>Почати виправлення</translation>
    </message>
    <message>
        <source>Seal…</source>
        <translation>Опечатати…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Експортувати…</translation>
    </message>
    <message>
        <source>Custody log</source>
        <translation>Журнал зберігання</translation>
    </message>
    <message>
        <source>Record a &amp;withdrawal…</source>
        <translation>Записати &amp;відкликання згоди…</translation>
    </message>
    <message>
        <source>Record that the person interviewed withdrew consent</source>
        <translation>Записати, що опитана особа відкликала згоду</translation>
    </message>
    <message>
        <source>&amp;Delete this draft…</source>
        <translation>&amp;Видалити цю чернетку…</translation>
    </message>
    <message>
        <source>Delete this draft, which was never sealed, for good</source>
        <translation>Остаточно видалити цю чернетку, яку жодного разу не опечатували</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Згоду відкликано</translation>
    </message>
    <message>
        <source>Add an incident</source>
        <translation>Додати інцидент</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Розповідь</translation>
    </message>
    <message>
        <source>Person interviewed</source>
        <translation>Опитана особа</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Інциденти</translation>
    </message>
    <message>
        <source>{person} — version {version}</source>
        <translation>{person} — версія {version}</translation>
    </message>
    <message>
        <source>survivor</source>
        <translation>постраждалий</translation>
    </message>
    <message>
        <source>witness</source>
        <translation>свідок</translation>
    </message>
    <message>
        <source>relative</source>
        <translation>родич</translation>
    </message>
    <message>
        <source>other</source>
        <translation>інше</translation>
    </message>
    <message>
        <source>Code: {code}. Role: {role}. Case: {case}.</source>
        <translation>Код: {code}. Роль: {role}. Справа: {case}.</translation>
    </message>
    <message>
        <source>Sealed on {date}. This version is signed and cannot change; a correction is a new version that names this one.</source>
        <translation>Опечатано {date}. Ця версія підписана й не може змінитися; виправлення — нова версія з посиланням на цю.</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Опечатано</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Збережено</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time}.</source>
        <translation>Позначка часу від {authority}: {time}.</translation>
    </message>
    <message>
        <source>Consent withdrawn on {date}. No version of this testimony will be exported or synced; only the signed notice of the withdrawal goes to those who received it.</source>
        <translation>Згоду відкликано {date}. Жодну версію цього свідчення не буде експортовано чи синхронізовано; тим, хто його отримав, надходить лише підписане повідомлення про відкликання.</translation>
    </message>
    <message>
        <source>Remove an incident</source>
        <translation>Видалення інциденту</translation>
    </message>
    <message>
        <source>Remove incident {number} of {count} and all that was written in it? The saved draft loses it.</source>
        <translation>Видалити інцидент {number} з {count} і все, що в ньому написано? Збережена чернетка втратить його.</translation>
    </message>
    <message>
        <source>Remove the incident</source>
        <translation>Видалити інцидент</translation>
    </message>
    <message>
        <source>Keep the incident</source>
        <translation>Залишити інцидент</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>Редагування…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Зберігаємо…</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Не збережено: {reason}</translation>
    </message>
    <message>
        <source>Make version {next} of this testimony, a draft that corrects version {version}? Version {version} stays sealed as it is.</source>
        <translation>Створити версію {next} цього свідчення — чернетку, що виправляє версію {version}? Версія {version} залишається запечатаною як є.</translation>
    </message>
    <message>
        <source>Make version {next}</source>
        <translation>Створити версію {next}</translation>
    </message>
    <message>
        <source>Enter when the consent was given: the sealed record states it.</source>
        <translation>Вкажіть, коли було надано згоду: запечатаний запис це стверджує.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>The withdrawal was not recorded</source>
        <translation>Відкликання згоди не записано</translation>
    </message>
    <message>
        <source>Delete this draft</source>
        <translation>Видалити цю чернетку</translation>
    </message>
    <message>
        <source>Delete the draft of {person} with its attachments? This cannot be undone. The custody log keeps only its id and content hash.</source>
        <translation>Видалити чернетку {person} разом із вкладеннями? Це не можна скасувати. У журналі зберігання залишаться лише її ідентифікатор і хеш вмісту.</translation>
    </message>
    <message>
        <source>&amp;Delete the draft</source>
        <translation>&amp;Видалити чернетку</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Not saved yet: see the marked field</source>
        <translation>Ще не збережено: див. позначене поле</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Не збережено</translation>
    </message>
    <message>
        <source>The draft was not deleted</source>
        <translation>Чернетку не видалено</translation>
    </message>
</context>
<context>
    <name>TestimonyListModel</name>
    <message>
        <source>Person</source>
        <translation>Особа</translation>
    </message>
    <message>
        <source>Interview date</source>
        <translation>Дата інтерв&apos;ю</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Місце</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Порушення</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Чернетка</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Опечатано</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Експортовано</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Доставлено</translation>
    </message>
    <message>
        <source>matched «{found}» for «{typed}»</source>
        <translation>знайдено «{found}» для «{typed}»</translation>
    </message>
    <message>
        <source>{person} — version {version}</source>
        <translation>{person} — версія {version}</translation>
    </message>
    <message>
        <source>{status}, consent withdrawn</source>
        <translation>{status}, згоду відкликано</translation>
    </message>
</context>
<context>
    <name>TestimonyListPanel</name>
    <message>
        <source>Search places, narratives, titles…</source>
        <translation>Пошук за місцями, розповідями, назвами…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Пошук</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Фільтр за станом</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Будь-який стан</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Чернетка</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Опечатано</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Експортовано</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Доставлено</translation>
    </message>
    <message>
        <source>Violation type filter</source>
        <translation>Фільтр за порушенням</translation>
    </message>
    <message>
        <source>Any violation</source>
        <translation>Будь-яке порушення</translation>
    </message>
    <message>
        <source>Interview between</source>
        <translation>Інтерв&apos;ю між</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Від дати</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>До дати</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>Свідчення</translation>
    </message>
    <message>
        <source>Number of testimonies</source>
        <translation>Кількість свідчень</translation>
    </message>
    <message>
        <source>New testimony…</source>
        <translation>Нове свідчення…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Відкрити</translation>
    </message>
    <message>
        <source>No testimonies match.</source>
        <translation>Немає відповідних свідчень.</translation>
    </message>
    <message>
        <source>Testimonies: {count}+</source>
        <translation>Свідчень: {count}+</translation>
    </message>
    <message>
        <source>Testimonies: {count}</source>
        <translation>Свідчень: {count}</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Unlock the vault</source>
        <translation>Відкрити сховище</translation>
    </message>
    <message>
        <source>Notes are locked</source>
        <translation>Нотатки заблоковано</translation>
    </message>
    <message>
        <source>Passphrase or recovery key</source>
        <translation>Парольна фраза або ключ відновлення</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Відкрити</translation>
    </message>
    <message>
        <source>Open another vault folder…</source>
        <translation>Відкрити іншу теку сховища…</translation>
    </message>
    <message>
        <source>Open another folder…</source>
        <translation>Відкрити іншу теку…</translation>
    </message>
    <message>
        <source>Unlock status</source>
        <translation>Стан відкриття</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Відкриваємо</translation>
    </message>
    <message>
        <source>Vault folder: {folder}</source>
        <translation>Тека сховища: {folder}</translation>
    </message>
    <message>
        <source>Choose the vault folder</source>
        <translation>Оберіть теку сховища</translation>
    </message>
    <message>
        <source>Forgot the passphrase? Use recovery &amp;shares…</source>
        <translation>Забули парольну фразу? Скористайтеся &amp;частками відновлення…</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify a package</source>
        <translation>Перевірка пакета</translation>
    </message>
    <message>
        <source>Package file</source>
        <translation>Файл пакета</translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation>Файл ідентифікатора</translation>
    </message>
    <message>
        <source>Trusted signers file</source>
        <translation>Файл довірених підписантів</translation>
    </message>
    <message>
        <source>Trusted time-stamping authorities file</source>
        <translation>Файл довірених служб позначок часу</translation>
    </message>
    <message>
        <source>PEM CA certificates (optional)</source>
        <translation>Сертифікати CA у PEM (необов&apos;язково)</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Пакет</translation>
    </message>
    <message>
        <source>Identity (age key)</source>
        <translation>Ідентифікатор (ключ age)</translation>
    </message>
    <message>
        <source>Trusted signers</source>
        <translation>Довірені підписанти</translation>
    </message>
    <message>
        <source>Time-stamping authorities</source>
        <translation>Служби позначок часу</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Обрати…</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Перевірки</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Перевірити</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Оберіть файл</translation>
    </message>
    <message>
        <source>Choose the package and the identity file.</source>
        <translation>Оберіть пакет і файл ідентифікатора.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Перевіряємо…</translation>
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
        <translation>Усі перевірки пройдено. Підписано {signer} (довірений). Файлів: {files}.</translation>
    </message>
    <message>
        <source>The package did not pass: {message}</source>
        <translation>Пакет не пройшов перевірку: {message}</translation>
    </message>
    <message>
        <source>Sealed at {time} (the device&apos;s clock, as claimed)</source>
        <translation>Запечатано {time} (за годинником пристрою, як він стверджує)</translation>
    </message>
    <message>
        <source>a trusted authority</source>
        <translation>довірена служба</translation>
    </message>
    <message>
        <source>not among the trusted authorities</source>
        <translation>не серед довірених служб</translation>
    </message>
    <message>
        <source>not checked against a trusted authority</source>
        <translation>не перевірена за довіреними службами</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time} ({trust})</source>
        <translation>Позначка часу від {authority}: {time} ({trust})</translation>
    </message>
    <message>
        <source>Every check passed.</source>
        <translation>Усі перевірки пройдено.</translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message>
        <source>Wipe this vault</source>
        <translation>Знищити це сховище</translation>
    </message>
    <message>
        <source>Wipe this vault? Its keys are erased first (this takes a moment), then its database and media files are deleted. After that no passphrase, recovery key or share opens it, and nothing in it can be recovered: testimonies not yet delivered to the platform are lost. Copies or backups of the folder made before are not reached.</source>
        <translation>Знищити це сховище? Спершу стираються його ключі (це займає мить), потім видаляються база даних і медіафайли. Після цього його не відкриє ні парольна фраза, ні ключ відновлення, ні частка, і нічого з нього не можна відновити: свідчення, ще не доставлені на платформу, буде втрачено. Копій чи резервних копій теки, зроблених раніше, це не стосується.</translation>
    </message>
    <message>
        <source>&amp;Wipe in {seconds} seconds</source>
        <translation>&amp;Знищити через {seconds} с</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Wipe countdown</source>
        <translation>Відлік до знищення</translation>
    </message>
    <message>
        <source>Press Escape or Cancel to stop. Nothing is erased before zero.</source>
        <translation>Натисніть Escape або «Скасувати», щоб зупинити. До нуля нічого не стирається.</translation>
    </message>
    <message>
        <source>Wiping in {seconds} s…</source>
        <translation>Знищення через {seconds} с…</translation>
    </message>
    <message>
        <source>Wiping…</source>
        <translation>Знищення…</translation>
    </message>
</context>
<context>
    <name>WithdrawalDialog</name>
    <message>
        <source>Record a withdrawal of consent</source>
        <translation>Запис відкликання згоди</translation>
    </message>
    <message>
        <source>{person} withdrew consent to this testimony.</source>
        <translation>{person} відкликає згоду на це свідчення.</translation>
    </message>
    <message>
        <source>No version of this testimony will be exported or synced from now on. A signed notice of the withdrawal will go to everyone who received it: export the notice to a stick or sync.</source>
        <translation>Відтепер жодну версію цього свідчення не буде експортовано чи синхронізовано. Підписане повідомлення про відкликання надійде всім, хто його отримав: експортуйте повідомлення на флешку або виконайте синхронізацію.</translation>
    </message>
    <message>
        <source>A withdrawal cannot be undone; the testimony itself stays in the vault.</source>
        <translation>Відкликання не можна скасувати; саме свідчення залишається у сховищі.</translation>
    </message>
    <message>
        <source>It was withdrawn &amp;earlier than now</source>
        <translation>Згоду відкликано &amp;раніше, ніж зараз</translation>
    </message>
    <message>
        <source>Unticked, the withdrawal is recorded as made now.</source>
        <translation>Якщо прапорець знято, відкликання записується з поточним часом.</translation>
    </message>
    <message>
        <source>When consent was withdrawn (UTC)</source>
        <translation>Коли згоду було відкликано (UTC)</translation>
    </message>
    <message>
        <source>Note on how consent was withdrawn</source>
        <translation>Примітка про те, як було відкликано згоду</translation>
    </message>
    <message>
        <source>optional: how it was withdrawn (by phone, in person…), no narrative</source>
        <translation>необов&apos;язково: як відкликано (телефоном, особисто…), без викладу свідчення</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Коли (UTC)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Примітка</translation>
    </message>
    <message>
        <source>&amp;Record the withdrawal</source>
        <translation>&amp;Записати відкликання</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
</context>
<context>
    <name>WorkingCopyDialog</name>
    <message>
        <source>Make a working copy</source>
        <translation>Зробити робочу копію</translation>
    </message>
    <message>
        <source>A working copy of “{name}” to pass on. The original stays in the vault unchanged as the evidence; the copy keeps every pixel and frame, and the custody log records both checksums and what was removed.</source>
        <translation>Робоча копія «{name}», щоб передати іншим. Оригінал залишається у сховищі незмінним як доказ; у копії зберігається кожен піксель і кадр, а журнал зберігання записує обидві контрольні суми і те, що вилучено.</translation>
    </message>
    <message>
        <source>Remove the &amp;location (GPS position and place)</source>
        <translation>Вилучити &amp;місце (позицію GPS і назву місця)</translation>
    </message>
    <message>
        <source>Remove the &amp;camera (make, model, serial number, owner)</source>
        <translation>Вилучити &amp;камеру (виробника, модель, серійний номер, власника)</translation>
    </message>
    <message>
        <source>&amp;Blur faces (the copy is re-encoded)</source>
        <translation>&amp;Розмити обличчя (копія перекодовується)</translation>
    </message>
    <message>
        <source>&amp;Make the copy</source>
        <translation>&amp;Зробити копію</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Faces can be blurred in JPEG, PNG and WebP photos only.</source>
        <translation>Обличчя можна розмити лише на фотографіях JPEG, PNG і WebP.</translation>
    </message>
    <message>
        <source>The optional face detector is not installed on this computer.</source>
        <translation>Додатковий детектор облич не встановлено на цьому комп’ютері.</translation>
    </message>
</context>
<context>
    <name>field</name>
    <message>
        <source>Calendar</source>
        <translation>Календар</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Group {group} of the recovery key has a typing mistake: check it.</source>
        <translation>У групі {group} ключа відновлення описка: перевірте її.</translation>
    </message>
    <message>
        <source>Groups {first} and {second} of the recovery key have a typing mistake: check them.</source>
        <translation>У групах {first} і {second} ключа відновлення описки: перевірте їх.</translation>
    </message>
    <message>
        <source>This passphrase does not open the vault.</source>
        <translation>Ця парольна фраза не відкриває сховище.</translation>
    </message>
    <message>
        <source>This passphrase cannot be used; choose another.</source>
        <translation>Цю фразу не можна використати; оберіть іншу.</translation>
    </message>
    <message>
        <source>Another window of the program already has this vault open.</source>
        <translation>Це сховище вже відкрито в іншому вікні програми.</translation>
    </message>
    <message>
        <source>The vault is locked.</source>
        <translation>Сховище заблоковано.</translation>
    </message>
    <message>
        <source>The recorded consent does not allow this.</source>
        <translation>Записана згода цього не дозволяє.</translation>
    </message>
    <message>
        <source>This cannot be changed any more.</source>
        <translation>Це більше не можна змінити.</translation>
    </message>
    <message>
        <source>Cancelled. Nothing of it was recorded.</source>
        <translation>Скасовано. Нічого з цього не записано.</translation>
    </message>
    <message>
        <source>This was written by a newer version of the program; please update.</source>
        <translation>Це записано новішою версією програми; оновіть програму.</translation>
    </message>
    <message>
        <source>Not in the form this program reads.</source>
        <translation>Не в тій формі, яку читає ця програма.</translation>
    </message>
    <message>
        <source>Consent is not recorded: fill in when and how it was given, then seal.</source>
        <translation>Згоду не записано: укажіть, коли і як її надано, потім запечатайте.</translation>
    </message>
    <message>
        <source>The person did not consent to the interview, so it cannot be sealed. If they did, tick “To be interviewed” under Informed consent.</source>
        <translation>Особа не дала згоди на інтерв&apos;ю, тому його не можна запечатати. Якщо дала, позначте «На інтерв&apos;ю» в розділі «Поінформована згода».</translation>
    </message>
    <message>
        <source>Consent was withdrawn, so this testimony cannot be sealed.</source>
        <translation>Згоду відкликано, тому це свідчення не можна запечатати.</translation>
    </message>
    <message>
        <source>Consent was withdrawn: this testimony may not be exported or synced. Only the notice of the withdrawal can still be sent.</source>
        <translation>Згоду відкликано: це свідчення не можна експортувати чи синхронізувати. Надіслати можна лише повідомлення про відкликання.</translation>
    </message>
    <message>
        <source>The person did not consent to sharing with the platform. If they have agreed since, record it in a correction of the testimony and seal that.</source>
        <translation>Особа не дала згоди на передання платформі. Якщо згодом вона погодилася, запишіть це у виправленні свідчення і запечатайте його.</translation>
    </message>
    <message>
        <source>The person did not consent to sharing beyond the platform, so the package cannot be encrypted to coordinators or other keys. Untick the coordinators and remove the other recipients to export for the platform only.</source>
        <translation>Особа не дала згоди на передання за межі платформи, тому пакет не можна зашифрувати для координаторів чи інших ключів. Зніміть позначки з координаторів і видаліть інших отримувачів, щоб експортувати лише для платформи.</translation>
    </message>
    <message>
        <source>Consent was withdrawn after this package was sealed, so it may no longer be sent. Send the notice of the withdrawal instead.</source>
        <translation>Згоду відкликано після того, як цей пакет запечатано, тому його більше не можна надсилати. Надішліть замість нього повідомлення про відкликання.</translation>
    </message>
    <message>
        <source>The person interviewed has not agreed to audio recording. Record their consent under Informed consent first.</source>
        <translation>Опитана особа не погодилася на аудіозапис. Спершу запишіть її згоду в розділі «Поінформована згода».</translation>
    </message>
    <message>
        <source>No one to encrypt the package to: set the platform&apos;s key in Settings, or add a coordinator or another recipient.</source>
        <translation>Немає для кого зашифрувати пакет: задайте ключ платформи в Налаштуваннях або додайте координатора чи іншого отримувача.</translation>
    </message>
    <message>
        <source>A package without the platform needs at least one other recipient.</source>
        <translation>Пакету без платформи потрібен хоча б один інший отримувач.</translation>
    </message>
    <message>
        <source>This version is a draft: seal it before exporting it.</source>
        <translation>Ця версія — чернетка: запечатайте її перед експортом.</translation>
    </message>
    <message>
        <source>No working copy yet of {names}: make one (Make a working copy…) or send the originals.</source>
        <translation>Ще немає робочої копії {names}: створіть її («Зробити робочу копію…») або надішліть оригінали.</translation>
    </message>
    <message>
        <source>A working copy has no custody event. Run the integrity check.</source>
        <translation>Робоча копія не має події в журналі зберігання. Запустіть перевірку цілісності.</translation>
    </message>
    <message>
        <source>Choose what to remove: the location, the camera, or both.</source>
        <translation>Виберіть, що вилучити: місце, камеру або обидва.</translation>
    </message>
    <message>
        <source>This file is itself a working copy; make the copy from its original.</source>
        <translation>Цей файл сам є робочою копією; робіть копію з його оригіналу.</translation>
    </message>
    <message>
        <source>Working copies are made of sealed evidence: seal the testimony first.</source>
        <translation>Робочі копії створюються із запечатаних доказів: спершу запечатайте свідчення.</translation>
    </message>
    <message>
        <source>Working copies of {type} files are not possible: their metadata cannot be removed without re-encoding, so nothing was made.</source>
        <translation>Робочі копії файлів {type} неможливі: їхні метадані не можна вилучити без перекодування, тому нічого не створено.</translation>
    </message>
    <message>
        <source>The original no longer matches the checksum recorded when it was added; no copy was made. Run the integrity check.</source>
        <translation>Оригінал більше не відповідає контрольній сумі, записаній під час додавання; копію не створено. Запустіть перевірку цілісності.</translation>
    </message>
    <message>
        <source>This file&apos;s metadata cannot be removed without re-encoding it (its structure is damaged or unusual), so no copy was made.</source>
        <translation>Метадані цього файлу не можна вилучити без перекодування (його структура пошкоджена або незвичайна), тому копію не створено.</translation>
    </message>
    <message>
        <source>The copy still carried a location, or one could not be ruled out, so it was refused and nothing was kept.</source>
        <translation>У копії все ще було місце або його не можна було виключити, тому її відхилено і нічого не збережено.</translation>
    </message>
    <message>
        <source>The copy still named the camera, so it was refused and nothing was kept.</source>
        <translation>Копія все ще називала камеру, тому її відхилено і нічого не збережено.</translation>
    </message>
    <message>
        <source>Faces can be blurred in JPEG, PNG and WebP photos only, not in video or other files; no copy was made.</source>
        <translation>Розмити обличчя можна лише на фотографіях JPEG, PNG і WebP, не у відео й не в інших файлах; копію не створено.</translation>
    </message>
    <message>
        <source>Blurring faces needs the optional face detector, which is not installed here; no copy was made. Make the copy without blurring, or ask for the detector to be installed.</source>
        <translation>Щоб розмити обличчя, потрібен додатковий детектор облич, який тут не встановлено; копію не створено. Зробіть копію без розмиття або попросіть встановити детектор.</translation>
    </message>
    <message>
        <source>The photo is too large to blur faces in; no copy was made.</source>
        <translation>Фотографія завелика, щоб розмити на ній обличчя; копію не створено.</translation>
    </message>
    <message>
        <source>Faces could not be blurred in this photo (it may be damaged); no copy was made.</source>
        <translation>Не вдалося розмити обличчя на цій фотографії (вона може бути пошкоджена); копію не створено.</translation>
    </message>
    <message>
        <source>This drive is formatted FAT32, which cannot hold a file over 4 GiB, and this one would be larger; nothing was written. Use a drive formatted exFAT or NTFS, or export fewer or smaller files.</source>
        <translation>Цей диск відформатовано у FAT32, який не може зберігати файл, більший за 4 ГіБ, а цей файл був би більшим; нічого не записано. Візьміть диск, відформатований в exFAT або NTFS, або експортуйте менше файлів чи менші файли.</translation>
    </message>
    <message>
        <source>The testimony changed while it was being sealed. Seal it again.</source>
        <translation>Свідчення змінилося під час запечатування. Запечатайте його ще раз.</translation>
    </message>
    <message>
        <source>The platform refused this package; sending it again as it is will not change that. Ask your coordinator why.</source>
        <translation>Платформа відмовилася прийняти цей пакет; повторне надсилання в такому вигляді цього не змінить. Запитайте в координатора чому.</translation>
    </message>
    <message>
        <source>The platform no longer holds the upload; it starts over at the next sync.</source>
        <translation>Платформа більше не зберігає це завантаження; воно почнеться наново під час наступної синхронізації.</translation>
    </message>
    <message>
        <source>The platform is still checking the package; the receipt will be fetched on the next sync.</source>
        <translation>Платформа ще перевіряє пакет; квитанцію буде отримано під час наступної синхронізації.</translation>
    </message>
    <message>
        <source>The platform profile cannot be used: import the file your coordinator gave you again.</source>
        <translation>Профіль платформи не можна використати: знову імпортуйте файл, який дав координатор.</translation>
    </message>
    <message>
        <source>Cancelled; what the platform confirmed is kept.</source>
        <translation>Скасовано; те, що платформа підтвердила, збережено.</translation>
    </message>
    <message>
        <source>The connection failed; the package keeps its place for the next sync.</source>
        <translation>З&apos;єднання не вдалося; пакет зберігає своє місце до наступної синхронізації.</translation>
    </message>
    <message>
        <source>The sync failed; try again later.</source>
        <translation>Синхронізація не вдалася; спробуйте пізніше.</translation>
    </message>
    <message>
        <source>This version is sealed. Start a correction to change it.</source>
        <translation>Цю версію запечатано. Щоб змінити її, почніть виправлення.</translation>
    </message>
    <message>
        <source>A sealed testimony cannot get a new recording. Start a correction first.</source>
        <translation>До запечатаного свідчення не можна додати новий запис. Спершу почніть виправлення.</translation>
    </message>
    <message>
        <source>A sealed testimony names this person; their details can no longer change.</source>
        <translation>Запечатане свідчення називає цю особу; її дані більше не можна змінити.</translation>
    </message>
    <message>
        <source>A recording of this testimony is still open. Stop it, then delete.</source>
        <translation>Запис цього свідчення ще відкритий. Зупиніть його, потім видаляйте.</translation>
    </message>
    <message>
        <source>A consent withdrawal is recorded on this draft, so it stays as that record.</source>
        <translation>На цій чернетці записано відкликання згоди, тому вона залишається як запис про це.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Обов&apos;язково.</translation>
    </message>
    <message>
        <source>Must not be empty.</source>
        <translation>Не може бути порожнім.</translation>
    </message>
    <message>
        <source>Too long: at most {limit} bytes.</source>
        <translation>Задовго: не більше {limit} байтів.</translation>
    </message>
    <message>
        <source>Too long: at most {limit} characters.</source>
        <translation>Задовго: не більше {limit} знаків.</translation>
    </message>
    <message>
        <source>Too many: at most {limit}.</source>
        <translation>Забагато: не більше {limit}.</translation>
    </message>
    <message>
        <source>Contains a character that cannot be stored.</source>
        <translation>Містить знак, який не можна зберегти.</translation>
    </message>
    <message>
        <source>Write a date as year, year and month, or full date: 2024, 2024-03 or 2024-03-01.</source>
        <translation>Запишіть дату як рік, рік і місяць або повну дату: 2024, 2024-03 або 2024-03-01.</translation>
    </message>
    <message>
        <source>This day does not exist in the calendar.</source>
        <translation>Такого дня немає в календарі.</translation>
    </message>
    <message>
        <source>Write a date, or a date and time: 2024-03-01 or 2024-03-01T14:30:00Z.</source>
        <translation>Запишіть дату або дату й час: 2024-03-01 або 2024-03-01T14:30:00Z.</translation>
    </message>
    <message>
        <source>This date or time does not exist: check the day, month and hour.</source>
        <translation>Такої дати чи часу немає: перевірте день, місяць і годину.</translation>
    </message>
    <message>
        <source>Fill in the first date too (the date “to” needs a date “from”).</source>
        <translation>Заповніть і першу дату (дата «по» потребує дати «з»).</translation>
    </message>
    <message>
        <source>This date is before the first date.</source>
        <translation>Ця дата раніша за першу.</translation>
    </message>
    <message>
        <source>The first date is less precise than its stated precision.</source>
        <translation>Перша дата менш точна, ніж зазначена точність.</translation>
    </message>
    <message>
        <source>Must be between -{limit} and {limit}.</source>
        <translation>Має бути від -{limit} до {limit}.</translation>
    </message>
    <message>
        <source>Latitude and longitude go together: fill in both or neither.</source>
        <translation>Широта й довгота йдуть разом: заповніть обидві або жодної.</translation>
    </message>
    <message>
        <source>Not a violation type of this program&apos;s list.</source>
        <translation>Такого виду порушення немає в списку програми.</translation>
    </message>
    <message>
        <source>A violation type is chosen twice.</source>
        <translation>Вид порушення вибрано двічі.</translation>
    </message>
    <message>
        <source>Must be one of: {choices}.</source>
        <translation>Має бути одним із: {choices}.</translation>
    </message>
    <message>
        <source>Too long (at most 10,000 characters), or holds a character that cannot be stored.</source>
        <translation>Задовго (не більше 10 000 знаків) або містить знак, який не можна зберегти.</translation>
    </message>
    <message>
        <source>Two incidents are the same incident.</source>
        <translation>Два інциденти — це один і той самий інцидент.</translation>
    </message>
    <message>
        <source>Name the person interviewed once.</source>
        <translation>Назвіть опитану особу один раз.</translation>
    </message>
    <message>
        <source>The file is larger than {limit} MiB.</source>
        <translation>Файл більший за {limit} МіБ.</translation>
    </message>
    <message>
        <source>The file&apos;s text is not in UTF-8.</source>
        <translation>Текст файлу не в UTF-8.</translation>
    </message>
    <message>
        <source>The file is not valid JSON (line {line}, column {column}).</source>
        <translation>Файл не є правильним JSON (рядок {line}, стовпець {column}).</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Створено</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Змінено</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Запечатано</translation>
    </message>
    <message>
        <source>Correction started</source>
        <translation>Розпочато виправлення</translation>
    </message>
    <message>
        <source>Corrected by a new version</source>
        <translation>Виправлено новою версією</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Згоду відкликано</translation>
    </message>
    <message>
        <source>Draft deleted</source>
        <translation>Чернетку видалено</translation>
    </message>
    <message>
        <source>Attachment added</source>
        <translation>Вкладення додано</translation>
    </message>
    <message>
        <source>Attachment removed</source>
        <translation>Вкладення вилучено</translation>
    </message>
    <message>
        <source>Working copy made</source>
        <translation>Зроблено робочу копію</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Експортовано</translation>
    </message>
    <message>
        <source>Sent to the platform</source>
        <translation>Надіслано на платформу</translation>
    </message>
    <message>
        <source>Platform receipt verified</source>
        <translation>Квитанцію платформи перевірено</translation>
    </message>
    <message>
        <source>Timestamped</source>
        <translation>Поставлено позначку часу</translation>
    </message>
    <message>
        <source>Local copy deleted</source>
        <translation>Локальну копію видалено</translation>
    </message>
    <message>
        <source>Package imported</source>
        <translation>Пакет імпортовано</translation>
    </message>
    <message>
        <source>Package verified</source>
        <translation>Пакет перевірено</translation>
    </message>
    <message>
        <source>Imported from a phone</source>
        <translation>Імпортовано з телефона</translation>
    </message>
    <message>
        <source>Phone key seen</source>
        <translation>Ключ телефона помічено</translation>
    </message>
    <message>
        <source>Phone key named</source>
        <translation>Ключу телефона надано ім&apos;я</translation>
    </message>
    <message>
        <source>Phone key changed</source>
        <translation>Ключ телефона змінено</translation>
    </message>
    <message>
        <source>Phone key forgotten</source>
        <translation>Ключ телефона забуто</translation>
    </message>
    <message>
        <source>Phone key trust changed</source>
        <translation>Довіру до ключа телефона змінено</translation>
    </message>
    <message>
        <source>Platform profile replaced</source>
        <translation>Профіль платформи замінено</translation>
    </message>
    <message>
        <source>Passphrase or recovery key changed</source>
        <translation>Парольну фразу або ключ відновлення змінено</translation>
    </message>
    <message>
        <source>All keys changed</source>
        <translation>Усі ключі змінено</translation>
    </message>
    <message>
        <source>Recovery shares made</source>
        <translation>Створено частки відновлення</translation>
    </message>
    <message>
        <source>Older database accepted</source>
        <translation>Прийнято старішу базу даних</translation>
    </message>
    <message>
        <source>Duress passphrase set</source>
        <translation>Задано парольну фразу під примусом</translation>
    </message>
    <message>
        <source>Duress passphrase removed</source>
        <translation>Парольну фразу під примусом видалено</translation>
    </message>
    <message>
        <source>oral</source>
        <translation>усно</translation>
    </message>
    <message>
        <source>written</source>
        <translation>письмово</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>у записі</translation>
    </message>
    <message>
        <source>documenter</source>
        <translation>документатор</translation>
    </message>
    <message>
        <source>A check failed: the data is damaged or was altered.</source>
        <translation>Перевірку не пройдено: дані пошкоджені або змінені.</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Не збережено: {reason}</translation>
    </message>
    <message>
        <source>The data is not in the expected format.</source>
        <translation>Дані не в очікуваному форматі.</translation>
    </message>
    <message>
        <source>What was asked for does not exist.</source>
        <translation>Запитаного не існує.</translation>
    </message>
    <message>
        <source>The disk refused the write (full, removed or read-only). Nothing was lost.</source>
        <translation>Диск не прийняв запис (повний, від&apos;єднаний або лише для читання). Нічого не втрачено.</translation>
    </message>
    <message>
        <source>The action could not be completed.</source>
        <translation>Дію не вдалося завершити.</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Nothing was changed.</source>
        <translation>Сталася неочікувана помилка. Нічого не змінено.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not from the platform named in the profile. Nothing was sent. Someone may be intercepting the connection, or the profile is outdated: check it with your coordinator.</source>
        <translation>Сертифікат сервера не належить платформі, зазначеній у профілі. Нічого не надіслано. Можливо, хтось перехоплює з’єднання, або профіль застарів: перевірте його разом із координатором.</translation>
    </message>
    <message>
        <source>The proxy does not answer or cannot reach the platform. Check that the circumvention tool (for example Tor) is running and connected.</source>
        <translation>Проксі не відповідає або не може з’єднатися з платформою. Перевірте, що засіб обходу блокувань (наприклад, Tor) запущено й підключено.</translation>
    </message>
    <message>
        <source>The platform cannot be reached: the device seems to be offline, or names are blocked. Try again when connected, or through the proxy.</source>
        <translation>Платформа недоступна: схоже, пристрій не підключено до мережі або імена сайтів блокуються. Спробуйте знову, коли з’явиться з’єднання, або через проксі.</translation>
    </message>
    <message>
        <source>The platform did not answer: it may be down, or the connection is blocked or too slow. Try again later or through the proxy.</source>
        <translation>Платформа не відповіла: можливо, вона не працює, або з’єднання заблоковане чи надто повільне. Спробуйте пізніше або через проксі.</translation>
    </message>
    <message>
        <source>The platform refused this device: its token is wrong or was revoked. Ask your coordinator for a new profile.</source>
        <translation>Платформа відмовила цьому пристрою: його токен неправильний або відкликаний. Попросіть у координатора новий профіль.</translation>
    </message>
    <message>
        <source>The platform&apos;s receipt did not verify with the key in the profile, so the package is not marked delivered. The profile may be outdated: ask your coordinator.</source>
        <translation>Квитанція платформи не пройшла перевірку ключем із профілю, тому пакет не позначено як доставлений. Можливо, профіль застарів: зверніться до координатора.</translation>
    </message>
    <message>
        <source>The platform profile cannot be used. {reason}</source>
        <translation>Профіль платформи не можна використати. {reason}</translation>
    </message>
    <message>
        <source>The vault is open read-only because its database is older than its keys: nothing can be changed until you accept this state.</source>
        <translation>Сховище відкрите лише для читання, бо його база даних старіша за ключі: нічого не можна змінити, доки ви не приймете цей стан.</translation>
    </message>
</context>
</TS>
