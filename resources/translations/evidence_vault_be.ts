<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="be">
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>Import from phone…</source>
        <translation>Імпарт з тэлефона…</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Далучэнні</translation>
    </message>
    <message>
        <source>Drop photos, videos or documents here, or use Add files.</source>
        <translation>Перацягніце сюды фота, відэа ці дакументы або націсніце «Дадаць файлы».</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Дадаць файлы…</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Паглядзець</translation>
    </message>
    <message>
        <source>Export a decrypted copy…</source>
        <translation>Экспартаваць расшыфраваную копію…</translation>
    </message>
    <message>
        <source>&amp;Remove this attachment…</source>
        <translation>&amp;Выдаліць гэта далучэнне…</translation>
    </message>
    <message>
        <source>Remove the chosen file from this draft (also the Delete key in the list)</source>
        <translation>Выдаліць абраны файл з гэтага чарнавіка (таксама клавіша Delete у спісе)</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Ход дадавання</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>Спыніць дадаванне</translation>
    </message>
    <message>
        <source>File details</source>
        <translation>Звесткі пра файл</translation>
    </message>
    <message>
        <source>This file carries a GPS location. It is kept as evidence; think before sharing a copy, since the location can identify people and places.</source>
        <translation>Гэты файл змяшчае GPS-каардынаты. Ён захоўваецца як доказ; падумайце, перш чым дзяліцца копіяй: месца можа выдаць людзей і адрасы.</translation>
    </message>
    <message>
        <source>Name: {name}</source>
        <translation>Назва: {name}</translation>
    </message>
    <message>
        <source>Type: {type}, {size}</source>
        <translation>Тып: {type}, {size}</translation>
    </message>
    <message>
        <source>Decrypted copy saved ({size}).</source>
        <translation>Расшыфраваная копія захавана ({size}).</translation>
    </message>
    <message>
        <source>SHA-256: {digest}</source>
        <translation>SHA-256: {digest}</translation>
    </message>
    <message>
        <source>Make a &amp;working copy…</source>
        <translation>Зрабіць &amp;працоўную копію…</translation>
    </message>
    <message>
        <source>A copy to pass on without the location and camera; the original stays</source>
        <translation>Копія, каб перадаць іншым, без месца і камеры; арыгінал застаецца</translation>
    </message>
    <message>
        <source>Attachments status</source>
        <translation>Стан укладанняў</translation>
    </message>
    <message>
        <source>{name} (working copy)</source>
        <translation>{name} (працоўная копія)</translation>
    </message>
    <message>
        <source>Taken: {time}</source>
        <translation>Знята: {time}</translation>
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
        <translation>Працоўная копія файла: {name} (SHA-256 {digest})</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Дадаць файлы</translation>
    </message>
    <message>
        <source>Adding files: {count}…</source>
        <translation>Дадаюцца файлы: {count}…</translation>
    </message>
    <message>
        <source>Files added: {count}.</source>
        <translation>Дададзена файлаў: {count}.</translation>
    </message>
    <message>
        <source>Cancelled; the file being added was not kept.</source>
        <translation>Спынена; файл, які дадаваўся, не захаваны.</translation>
    </message>
    <message>
        <source>Not added: {names}</source>
        <translation>Не дададзена: {names}</translation>
    </message>
    <message>
        <source>Export a decrypted copy</source>
        <translation>Экспарт расшыфраванай копіі</translation>
    </message>
    <message>
        <source>The copy will be readable by anyone who gets this computer or the place you save it to, and other programs may keep their own traces of it. Export only to a place you trust, and delete the copy when done.</source>
        <translation>Копію зможа прачытаць кожны, хто атрымае гэты камп&apos;ютар або месца, куды вы яе захаваеце, а іншыя праграмы могуць пакінуць свае сляды. Экспартуйце толькі ў месца, якому давяраеце, і выдаліце копію пасля працы.</translation>
    </message>
    <message>
        <source>Save the decrypted copy</source>
        <translation>Захаваць расшыфраваную копію</translation>
    </message>
    <message>
        <source>Making a working copy of {name}…</source>
        <translation>Робіцца працоўная копія {name}…</translation>
    </message>
    <message>
        <source>Working copy of {name} made; removed: {removed}.</source>
        <translation>Працоўная копія {name} зроблена; выдалена: {removed}.</translation>
    </message>
    <message>
        <source>nothing was present</source>
        <translation>нічога не было</translation>
    </message>
    <message>
        <source>Faces blurred: {count}. Look at the copy before passing it on: the detector can miss faces.</source>
        <translation>Размыта твараў: {count}. Прагледзьце копію, перш чым перадаць яе далей: дэтэктар можа прапусціць твары.</translation>
    </message>
    <message>
        <source>No working copy was made</source>
        <translation>Працоўная копія не зроблена</translation>
    </message>
    <message>
        <source>Remove this attachment</source>
        <translation>Выдаліць гэта далучэнне</translation>
    </message>
    <message>
        <source>Remove “{name}” from this draft? Its encrypted file is deleted from the vault; the custody log keeps its name and SHA-256.</source>
        <translation>Выдаліць «{name}» з гэтага чарнавіка? Зашыфраваны файл будзе выдалены са сховішча; у журнале захоўвання застануцца яго назва і SHA-256.</translation>
    </message>
    <message>
        <source>&amp;Remove the file</source>
        <translation>&amp;Выдаліць файл</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Removed: {name}.</source>
        <translation>Выдалена: {name}.</translation>
    </message>
    <message>
        <source>The file was not removed</source>
        <translation>Файл не выдалены</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыць</translation>
    </message>
</context>
<context>
    <name>CasesPanel</name>
    <message>
        <source>Cases</source>
        <translation>Справы</translation>
    </message>
    <message>
        <source>New case…</source>
        <translation>Новая справа…</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Новая справа</translation>
    </message>
    <message>
        <source>No cases yet. Create one to begin.</source>
        <translation>Спраў пакуль няма. Стварыце першую, каб пачаць.</translation>
    </message>
    <message>
        <source>All testimonies</source>
        <translation>Усе сведчанні</translation>
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
        <translation>Інфармаваная згода</translation>
    </message>
    <message>
        <source>To be interviewed</source>
        <translation>На інтэрв&apos;ю</translation>
    </message>
    <message>
        <source>To audio recording of the interview</source>
        <translation>На аўдыязапіс інтэрв&apos;ю</translation>
    </message>
    <message>
        <source>To sharing with the accountability platform</source>
        <translation>На перадачу платформе адказнасці</translation>
    </message>
    <message>
        <source>To sharing onward (UN, courts, investigators)</source>
        <translation>На далейшую перадачу (ААН, суды, следчыя)</translation>
    </message>
    <message>
        <source>To being named</source>
        <translation>На згадванне імя</translation>
    </message>
    <message>
        <source>To being contacted again</source>
        <translation>На паўторны кантакт</translation>
    </message>
    <message>
        <source>Consent given at</source>
        <translation>Час дачы згоды</translation>
    </message>
    <message>
        <source>How consent was given</source>
        <translation>Як дадзена згода</translation>
    </message>
    <message>
        <source>Consent note</source>
        <translation>Заўвага да згоды</translation>
    </message>
    <message>
        <source>Given at</source>
        <translation>Калі дадзена</translation>
    </message>
    <message>
        <source>How it was given</source>
        <translation>Як дадзена</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заўвага</translation>
    </message>
    <message>
        <source>given</source>
        <translation>дадзена</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>не дадзена</translation>
    </message>
    <message>
        <source>Change a consent answer</source>
        <translation>Змяніць адказ пра згоду</translation>
    </message>
    <message>
        <source>“{answer}” is recorded as {before}. Change it to {after}? The custody log will name this answer as changed.</source>
        <translation>«{answer}» запісана як {before}. Змяніць на {after}? Журнал захоўвання назаве гэты адказ як зменены.</translation>
    </message>
    <message>
        <source>Change the answer</source>
        <translation>Змяніць адказ</translation>
    </message>
    <message>
        <source>Keep the answer</source>
        <translation>Пакінуць адказ</translation>
    </message>
</context>
<context>
    <name>CreateVaultPage</name>
    <message>
        <source>Create a vault</source>
        <translation>Стварыць сховішча</translation>
    </message>
    <message>
        <source>Everything you record is kept encrypted in this folder. Choose a passphrase you can remember; without it or the recovery key nobody can open the vault, including you.</source>
        <translation>Усё, што вы запісваеце, захоўваецца ў гэтай папцы ў зашыфраваным выглядзе. Выберыце парольную фразу, якую запомніце: без яе або ключа аднаўлення ніхто не адкрые сховішча, нават вы.</translation>
    </message>
    <message>
        <source>Vault folder</source>
        <translation>Папка сховішча</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбраць…</translation>
    </message>
    <message>
        <source>Choose the vault folder</source>
        <translation>Выберыце папку сховішча</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Паўтарыце парольную фразу</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Надзейнасць парольнай фразы</translation>
    </message>
    <message>
        <source>Create the vault</source>
        <translation>Стварыць сховішча</translation>
    </message>
    <message>
        <source>&amp;Open a vault folder…</source>
        <translation>&amp;Адкрыць папку сховішча…</translation>
    </message>
    <message>
        <source>Open a vault folder</source>
        <translation>Адкрыць папку сховішча</translation>
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
        <translation>Паўтор</translation>
    </message>
    <message>
        <source>Too short: use at least {count} characters, for example four or five words.</source>
        <translation>Занадта коратка: патрэбна не менш за {count} знакаў, напрыклад чатыры-пяць слоў.</translation>
    </message>
    <message>
        <source>Weak: add more words or varied characters.</source>
        <translation>Слаба: дадайце словы або розныя знакі.</translation>
    </message>
    <message>
        <source>Fair.</source>
        <translation>Прымальна.</translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation>Надзейна.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не супадаюць.</translation>
    </message>
    <message>
        <source>Measuring this computer to make the passphrase as hard to guess as it can afford, then creating the vault. This takes a few seconds.</source>
        <translation>Вымяраем магчымасці камп&apos;ютара, каб парольную фразу было як мага цяжэй падабраць, і ствараем сховішча. Гэта зойме некалькі секунд.</translation>
    </message>
    <message>
        <source>Creating the vault</source>
        <translation>Стварэнне сховішча</translation>
    </message>
    <message>
        <source>Your recovery key</source>
        <translation>Ваш ключ аднаўлення</translation>
    </message>
    <message>
        <source>Write this key on paper and keep it somewhere safe, away from this computer. It opens the vault if the passphrase is forgotten. It is shown only now.</source>
        <translation>Запішыце гэты ключ на паперы і захоўвайце ў бяспечным месцы, далей ад гэтага камп&apos;ютара. Ён адкрые сховішча, калі парольная фраза забудзецца. Ён паказваецца толькі цяпер.</translation>
    </message>
</context>
<context>
    <name>CustodyDialog</name>
    <message>
        <source>Custody log</source>
        <translation>Журнал захоўвання</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Падзея</translation>
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
        <translation>Прылада</translation>
    </message>
    <message>
        <source>Custody events</source>
        <translation>Падзеі захоўвання</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time}</source>
        <translation>Пазнака часу ад {authority}: {time}</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>ГГГГ, ГГГГ-ММ або ГГГГ-ММ-ДД</translation>
    </message>
    <message>
        <source>YYYY-MM-DD HH:MM, local time</source>
        <translation>ГГГГ-ММ-ДД ГГ:ХХ, мясцовы час</translation>
    </message>
    <message>
        <source>Alt+Down or F4 opens a calendar</source>
        <translation>Alt+Уніз або F4 адкрывае каляндар</translation>
    </message>
    <message>
        <source>Choose a date in a calendar</source>
        <translation>Выбраць дату ў календары</translation>
    </message>
    <message>
        <source>This date is in the future: check it.</source>
        <translation>Гэтая дата ў будучыні: праверце яе.</translation>
    </message>
</context>
<context>
    <name>DriveWarning</name>
    <message>
        <source>About the drive of this folder</source>
        <translation>Пра дыск гэтай папкі</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions: the vault&apos;s files are encrypted, but anyone who plugs the drive in can copy or delete them. Prefer a drive formatted NTFS, APFS or ext4, or encrypt the whole drive.</source>
        <translation>Гэты дыск адфарматаваны ў {name}, дзе няма ні ўладальніка, ні правоў доступу: файлы сховішча зашыфраваныя, але кожны, хто падключыць дыск, можа іх скапіяваць або выдаліць. Лепш выберыце дыск, адфарматаваны ў NTFS, APFS або ext4, або зашыфруйце ўвесь дыск.</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions and holds no file over 4 GiB: the package is encrypted, but anyone who plugs the drive in can copy or delete it, and a larger package is refused.</source>
        <translation>Гэты дыск адфарматаваны ў {name}, дзе няма ні ўладальніка, ні правоў доступу і нельга захоўваць файл большы за 4 ГіБ: пакет зашыфраваны, але кожны, хто падключыць дыск, можа яго скапіяваць або выдаліць, а большы пакет будзе адхілены.</translation>
    </message>
    <message>
        <source>This drive is formatted {name}, which keeps no owner and no permissions: the package is encrypted, but anyone who plugs the drive in can copy or delete it.</source>
        <translation>Гэты дыск адфарматаваны ў {name}, дзе няма ні ўладальніка, ні правоў доступу: пакет зашыфраваны, але кожны, хто падключыць дыск, можа яго скапіяваць або выдаліць.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export a package</source>
        <translation>Экспарт пакета</translation>
    </message>
    <message>
        <source>Destination folder</source>
        <translation>Папка прызначэння</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбраць…</translation>
    </message>
    <message>
        <source>Reading the settings…</source>
        <translation>Чытаем налады…</translation>
    </message>
    <message>
        <source>Saved coordinators to encrypt to</source>
        <translation>Захаваныя каардынатары, на чые ключы шыфраваць</translation>
    </message>
    <message>
        <source>None saved; coordinators can be added in Settings.</source>
        <translation>Няма захаваных; каардынатараў можна дадаць у Наладах.</translation>
    </message>
    <message>
        <source>Other recipients, one age key per line</source>
        <translation>Іншыя атрымальнікі, па адным ключы age у радку</translation>
    </message>
    <message>
        <source>What the platform receives</source>
        <translation>Што атрымлівае платформа</translation>
    </message>
    <message>
        <source>What the other recipients receive</source>
        <translation>Што атрымліваюць іншыя атрымальнікі</translation>
    </message>
    <message>
        <source>Export result</source>
        <translation>Вынік экспарту</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспартаваць</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Куды</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Платформа</translation>
    </message>
    <message>
        <source>Coordinators</source>
        <translation>Каардынатары</translation>
    </message>
    <message>
        <source>Other recipients</source>
        <translation>Іншыя атрымальнікі</translation>
    </message>
    <message>
        <source>The platform &amp;receives</source>
        <translation>Платформа &amp;атрымлівае</translation>
    </message>
    <message>
        <source>The &amp;others receive</source>
        <translation>&amp;Іншыя атрымліваюць</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>Арыгіналы</translation>
    </message>
    <message>
        <source>Working copies (location and camera removed)</source>
        <translation>Працоўныя копіі (без месца і камеры)</translation>
    </message>
    <message>
        <source>Encrypted to the platform&apos;s key {key}</source>
        <translation>Зашыфравана для ключа платформы {key}</translation>
    </message>
    <message>
        <source>No platform key is set; add recipients below or set it in Settings.</source>
        <translation>Ключ платформы не зададзены; дадайце атрымальнікаў ніжэй або задайце яго ў наладах.</translation>
    </message>
    <message>
        <source>Choose where to write the package</source>
        <translation>Выберыце, куды запісаць пакет</translation>
    </message>
    <message>
        <source>Writing the package…</source>
        <translation>Запісваем пакет…</translation>
    </message>
    <message>
        <source>Written and read back: {name}, {size}, SHA-256 {digest} ({media}).</source>
        <translation>Запісана і прачытана зноў: {name}, {size}, SHA-256 {digest} ({media}).</translation>
    </message>
    <message>
        <source>Only a recipient can open it.</source>
        <translation>Адкрыць яго можа толькі атрымальнік.</translation>
    </message>
    <message>
        <source>Only a recipient can open them.</source>
        <translation>Адкрыць іх можа толькі атрымальнік.</translation>
    </message>
    <message>
        <source>working copies</source>
        <translation>працоўныя копіі</translation>
    </message>
    <message>
        <source>originals</source>
        <translation>арыгіналы</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыць</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Decrypting…</source>
        <translation>Расшыфроўваем…</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Выява</translation>
    </message>
    <message>
        <source>This image cannot be shown.</source>
        <translation>Гэтую выяву немагчыма паказаць.</translation>
    </message>
</context>
<context>
    <name>IncidentBox</name>
    <message>
        <source>Incident</source>
        <translation>Здарэнне</translation>
    </message>
    <message>
        <source>Incident date from</source>
        <translation>Дата здарэння, ад</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>неабавязкова</translation>
    </message>
    <message>
        <source>Incident date to</source>
        <translation>Дата здарэння, да</translation>
    </message>
    <message>
        <source>Incident place</source>
        <translation>Месца здарэння</translation>
    </message>
    <message>
        <source>Violation types</source>
        <translation>Віды парушэнняў</translation>
    </message>
    <message>
        <source>separate several with ;</source>
        <translation>некалькі праз ;</translation>
    </message>
    <message>
        <source>Alleged perpetrators</source>
        <translation>Меркаваныя вінаватыя</translation>
    </message>
    <message>
        <source>Witnesses</source>
        <translation>Сведкі</translation>
    </message>
    <message>
        <source>Incident description</source>
        <translation>Апісанне здарэння</translation>
    </message>
    <message>
        <source>Remove this incident…</source>
        <translation>Выдаліць гэты інцыдэнт…</translation>
    </message>
    <message>
        <source>Asks first when the incident holds anything</source>
        <translation>Спачатку пытаецца, калі ў інцыдэнце нешта запоўнена</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Месца</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Парушэнні</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Што адбылося</translation>
    </message>
</context>
<context>
    <name>InterviewSection</name>
    <message>
        <source>Interview</source>
        <translation>Інтэрв&apos;ю</translation>
    </message>
    <message>
        <source>Interview date and time</source>
        <translation>Дата і час інтэрв&apos;ю</translation>
    </message>
    <message>
        <source>Interview place</source>
        <translation>Месца інтэрв&apos;ю</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>Інтэрв&apos;юер</translation>
    </message>
    <message>
        <source>Language of the interview</source>
        <translation>Мова інтэрв&apos;ю</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Перакладчык</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Калі</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Месца</translation>
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
        <translation>Раздзелы Стамбульскага пратакола</translation>
    </message>
    <message>
        <source>Show the Istanbul Protocol sections</source>
        <translation>Паказаць раздзелы Стамбульскага пратакола</translation>
    </message>
    <message>
        <source>Circumstances of the arrest or detention</source>
        <translation>Абставіны арышту або затрымання</translation>
    </message>
    <message>
        <source>Place and routine of detention</source>
        <translation>Месца і рэжым утрымання</translation>
    </message>
    <message>
        <source>Methods of torture or ill-treatment</source>
        <translation>Метады катаванняў або жорсткага абыходжання</translation>
    </message>
    <message>
        <source>Injuries and after-effects</source>
        <translation>Траўмы і наступствы</translation>
    </message>
    <message>
        <source>Persons involved</source>
        <translation>Датычныя асобы</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Vault</source>
        <translation>&amp;Сховішча</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Замкнуць</translation>
    </message>
    <message>
        <source>&amp;Quick lock and hide</source>
        <translation>&amp;Хутка замкнуць і схаваць</translation>
    </message>
    <message>
        <source>&amp;Verify a package…</source>
        <translation>&amp;Праверыць пакет…</translation>
    </message>
    <message>
        <source>S&amp;ync with the platform…</source>
        <translation>С&amp;інхранізаваць з платформай…</translation>
    </message>
    <message>
        <source>Change the &amp;passphrase…</source>
        <translation>Змяніць &amp;парольную фразу…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Налады…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выйсці</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Нататкі</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Адкрыць</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Нешта пайшло не так</translation>
    </message>
    <message>
        <source>Change all &amp;keys (re-key)…</source>
        <translation>Змяніць усе &amp;ключы…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>Recovery s&amp;hares…</source>
        <translation>&amp;Долі аднаўлення…</translation>
    </message>
    <message>
        <source>&amp;Wipe this vault…</source>
        <translation>&amp;Знішчыць гэтае сховішча…</translation>
    </message>
    <message>
        <source>&amp;Wipe…</source>
        <translation>&amp;Знішчыць…</translation>
    </message>
    <message>
        <source>There is no vault in this folder: {folder}</source>
        <translation>У гэтай папцы няма сховішча: {folder}</translation>
    </message>
    <message>
        <source>This folder already holds a vault: unlock it with its passphrase, or open another folder.</source>
        <translation>У гэтай папцы ўжо ёсць сховішча: адкрыйце яго парольнай фразай або выберыце іншую папку.</translation>
    </message>
    <message>
        <source>It is open read-only: you can read everything but change nothing.</source>
        <translation>Яно адкрыта толькі для чытання: можна ўсё чытаць, але нічога не змяняць.</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Толькі для чытання</translation>
    </message>
    <message>
        <source>&amp;Accept this state…</source>
        <translation>&amp;Прыняць гэты стан…</translation>
    </message>
    <message>
        <source>This vault&apos;s database is older than its keys: it may have been replaced with an older copy.</source>
        <translation>База даных гэтага сховішча старэйшая за яго ключы: магчыма, яе падмянілі старэйшай копіяй.</translation>
    </message>
    <message>
        <source>The database is older than its keys</source>
        <translation>База даных старэйшая за свае ключы</translation>
    </message>
    <message>
        <source>The vault is open read-only. If you did not put back an older copy yourself (for example from a backup), someone may have replaced it to undo changes: keep it read-only and ask for help. “Accept this state” makes it writable again as it is now.</source>
        <translation>Сховішча адкрыта толькі для чытання. Калі вы самі не вярталі старэйшую копію (напрыклад, з рэзервовай), хтосьці мог падмяніць яе, каб адмяніць змены: пакіньце яго толькі для чытання і папрасіце дапамогі. «Прыняць гэты стан» зноў дазваляе змены ў цяперашнім стане.</translation>
    </message>
    <message>
        <source>Accept this state</source>
        <translation>Прыняць гэты стан</translation>
    </message>
    <message>
        <source>Accept the database as it is now? Do this only if you know why it is older than its keys, for example because you restored a backup yourself. Changes made after that copy are not brought back. The acceptance is recorded in the custody log.</source>
        <translation>Прыняць базу даных у цяперашнім стане? Рабіце гэта, толькі калі ведаеце, чаму яна старэйшая за свае ключы, напрыклад, калі вы самі аднавілі рэзервовую копію. Змены, зробленыя пасля гэтай копіі, не вернуцца. Прыняцце запісваецца ў журнал захоўвання.</translation>
    </message>
    <message>
        <source>Keep it read-only</source>
        <translation>Пакінуць толькі для чытання</translation>
    </message>
    <message>
        <source>The vault was not wiped</source>
        <translation>Сховішча не знішчана</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыць</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Новая справа</translation>
    </message>
    <message>
        <source>Case title</source>
        <translation>Назва справы</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Рэгіён</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Апісанне</translation>
    </message>
    <message>
        <source>Create case</source>
        <translation>Стварыць справу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
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
        <translation>Новае сведчанне</translation>
    </message>
    <message>
        <source>Code or pseudonym of the person interviewed</source>
        <translation>Код або псеўданім апытанай асобы</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роля</translation>
    </message>
    <message>
        <source>Survivor</source>
        <translation>Пацярпелы</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>Сведка</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>Сваяк</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Іншае</translation>
    </message>
    <message>
        <source>Start the testimony</source>
        <translation>Пачаць сведчанне</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Code or pseudonym</source>
        <translation>Код або псеўданім</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Change the passphrase</source>
        <translation>Змяніць парольную фразу</translation>
    </message>
    <message>
        <source>Current passphrase or recovery key</source>
        <translation>Цяперашняя парольная фраза або ключ аднаўлення</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Паўтарыце парольную фразу</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Змяніць</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Цяперашняя</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Паўтор</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Занадта слаба: не менш за {count} знакаў, некалькі слоў.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не супадаюць.</translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation>Мяняем…</translation>
    </message>
</context>
<context>
    <name>PersonDetailsSection</name>
    <message>
        <source>Identifying details</source>
        <translation>Ідэнтыфікацыйныя звесткі</translation>
    </message>
    <message>
        <source>These travel only with consent to be named; without it a package names the person by code only.</source>
        <translation>Перадаюцца толькі са згодай на згадванне імя; без яе пакет называе чалавека толькі па кодзе.</translation>
    </message>
    <message>
        <source>Full name of the person interviewed</source>
        <translation>Поўнае імя апытанай асобы</translation>
    </message>
    <message>
        <source>Contacts of the person interviewed</source>
        <translation>Кантакты апытанай асобы</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Дата нараджэння</translation>
    </message>
    <message>
        <source>A sealed testimony names this person: these details can no longer change.</source>
        <translation>Гэтага чалавека называе апячатанае сведчанне: гэтыя звесткі больш нельга змяніць.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Поўнае імя</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Кантакты</translation>
    </message>
</context>
<context>
    <name>PhoneImportDialog</name>
    <message>
        <source>Phone key</source>
        <translation>Ключ тэлефона</translation>
    </message>
    <message>
        <source>Signature over the photo or video</source>
        <translation>Подпіс фота ці відэа</translation>
    </message>
    <message>
        <source>Proof table names this file</source>
        <translation>Табліца доказаў называе гэты файл</translation>
    </message>
    <message>
        <source>Signature over the proof table</source>
        <translation>Подпіс табліцы доказаў</translation>
    </message>
    <message>
        <source>Proof records name this file</source>
        <translation>Запісы доказаў называюць гэты файл</translation>
    </message>
    <message>
        <source>Signature over the proof records</source>
        <translation>Подпіс запісаў доказаў</translation>
    </message>
    <message>
        <source>Proof data</source>
        <translation>Даныя доказаў</translation>
    </message>
    <message>
        <source>File named by the proofs</source>
        <translation>Файл, названы ў доказах</translation>
    </message>
    <message>
        <source>Covered by a proof</source>
        <translation>Пацверджаны доказам</translation>
    </message>
    <message>
        <source>Older ProofMode export</source>
        <translation>Старая форма экспарту ProofMode</translation>
    </message>
    <message>
        <source>Device attestation</source>
        <translation>Атэстацыя прылады</translation>
    </message>
    <message>
        <source>Time stamp (OpenTimestamps)</source>
        <translation>Пазнака часу (OpenTimestamps)</translation>
    </message>
    <message>
        <source>Content credentials (C2PA)</source>
        <translation>Звесткі аб паходжанні (C2PA)</translation>
    </message>
    <message>
        <source>Content credentials of an ingredient</source>
        <translation>Звесткі аб паходжанні складніка</translation>
    </message>
    <message>
        <source>Content credentials kept online</source>
        <translation>Звесткі аб паходжанні захоўваюцца ў сетцы</translation>
    </message>
    <message>
        <source>Reading content credentials</source>
        <translation>Чытанне звестак аб паходжанні</translation>
    </message>
    <message>
        <source>Tella file hash</source>
        <translation>Хэш файла Tella</translation>
    </message>
    <message>
        <source>Save metadata</source>
        <translation>Метаданыя Save</translation>
    </message>
    <message>
        <source>Save metadata names this file</source>
        <translation>Метаданыя Save называюць гэты файл</translation>
    </message>
    <message>
        <source>Proof of origin</source>
        <translation>Доказ паходжання</translation>
    </message>
    <message>
        <source>Photos or videos in the export</source>
        <translation>Фота ці відэа ў экспарце</translation>
    </message>
    <message>
        <source>holds</source>
        <translation>пацверджана</translation>
    </message>
    <message>
        <source>FAILS</source>
        <translation>НЕ ПРАХОДЗІЦЬ</translation>
    </message>
    <message>
        <source>cannot be checked</source>
        <translation>немагчыма праверыць</translation>
    </message>
    <message>
        <source>noted</source>
        <translation>адзначана</translation>
    </message>
    <message>
        <source>Verified: every proof that was found holds.</source>
        <translation>Праверана: кожны знойдзены доказ пацверджаны.</translation>
    </message>
    <message>
        <source>FAILED: at least one proof does not hold. Import it only to keep it as it is; it will be marked as failed everywhere it shows.</source>
        <translation>НЕ ПРАЙШЛО ПРАВЕРКУ: прынамсі адзін доказ не пацверджаны. Імпартуйце, толькі каб захаваць як ёсць; ён будзе пазначаны як неправерны ўсюды, дзе паказваецца.</translation>
    </message>
    <message>
        <source>Cannot be verified: nothing failed, but some proofs could not be checked (no phone key, a signer not on the trust list, or no proof at all).</source>
        <translation>Немагчыма праверыць: нічога не праваліла праверку, але некаторыя доказы праверыць нельга (няма ключа тэлефона, падпісант не са спісу давераных або доказаў няма зусім).</translation>
    </message>
    <message>
        <source>Phone key: {fingerprint}</source>
        <translation>Ключ тэлефона: {fingerprint}</translation>
    </message>
    <message>
        <source>Known as: {name}</source>
        <translation>Вядомы як: {name}</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Файл: {name}</translation>
    </message>
    <message>
        <source>Import from phone</source>
        <translation>Імпарт з тэлефона</translation>
    </message>
    <message>
        <source>Choose a ProofMode, Tella or Save export, or a photo or video with content credentials. It is checked here, offline, before anything is stored.</source>
        <translation>Выберыце экспарт ProofMode, Tella ці Save або фота ці відэа са звесткамі аб паходжанні. Ён правяраецца тут, без сеткі, перш чым нешта захоўваецца.</translation>
    </message>
    <message>
        <source>Choose a zip, photo or video…</source>
        <translation>Выбраць zip, фота ці відэа…</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Выбраць папку…</translation>
    </message>
    <message>
        <source>Verification report</source>
        <translation>Справаздача аб праверцы</translation>
    </message>
    <message>
        <source>Whose phone (a name; its key is remembered)</source>
        <translation>Чый тэлефон (імя; яго ключ запомніцца)</translation>
    </message>
    <message>
        <source>Import anyway, marked as FAILED</source>
        <translation>Усё роўна імпартаваць з пазнакай «НЕ ПРАЙШЛО ПРАВЕРКУ»</translation>
    </message>
    <message>
        <source>This phone has a new key (the change is recorded)</source>
        <translation>У гэтага тэлефона новы ключ (змена запісваецца)</translation>
    </message>
    <message>
        <source>Import status</source>
        <translation>Стан імпарту</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Імпартаваць</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Праверка…</translation>
    </message>
    <message>
        <source>Not imported: {reason}</source>
        <translation>Не імпартавана: {reason}</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>Імпартавана.</translation>
    </message>
</context>
<context>
    <name>ProfileSwapDialog</name>
    <message>
        <source>This profile sends packages elsewhere</source>
        <translation>Гэты профіль адпраўляе пакеты ў іншае месца</translation>
    </message>
    <message>
        <source>This profile file sends packages somewhere else than the profile in use, so it was not imported. A planted profile would send every future testimony to someone else. Call the platform (or meet them) and compare each fingerprint below aloud before replacing.</source>
        <translation>Гэты файл профілю адпраўляе пакеты не туды, куды бягучы профіль, таму ён не імпартаваны. Падкінуты профіль адпраўляў бы кожнае наступнае сведчанне камусьці іншаму. Перад заменай патэлефануйце на платформу (або сустрэньцеся) і звярыце ўслых кожны адбітак ніжэй.</translation>
    </message>
    <message>
        <source>Platform key</source>
        <translation>Ключ платформы</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Сертыфікат</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрас</translation>
    </message>
    <message>
        <source>Receipt key</source>
        <translation>Ключ квітанцый</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>Цяпер у карыстанні</translation>
    </message>
    <message>
        <source>In this file</source>
        <translation>У гэтым файле</translation>
    </message>
    <message>
        <source>in use now</source>
        <translation>цяпер у карыстанні</translation>
    </message>
    <message>
        <source>in this file</source>
        <translation>у гэтым файле</translation>
    </message>
    <message>
        <source>{field}, {side}</source>
        <translation>{field}, {side}</translation>
    </message>
    <message>
        <source>I &amp;compared the new fingerprints with the platform by voice</source>
        <translation>Я &amp;звярыў новыя адбіткі з платформай голасам</translation>
    </message>
    <message>
        <source>&amp;Replace the profile</source>
        <translation>&amp;Замяніць профіль</translation>
    </message>
    <message>
        <source>&amp;Keep the profile in use</source>
        <translation>&amp;Пакінуць бягучы профіль</translation>
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
        <translation>Дыск</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Шукаць у:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Назва файла:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Тып файлаў:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Папка:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Адкрыць</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Захаваць</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Выбраць</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Выдаліць</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Перайменаваць</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;Новая папка</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Паказваць &amp;схаваныя файлы</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Усе файлы (*)</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Папкі</translation>
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
        <translation>Наперад</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Вярнуцца назад</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Перайсці наперад</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Бацькоўская папка</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Перайсці ў бацькоўскую папку</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Стварыць новую папку</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Стварыць новую папку</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Спіс</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Паказаць спісам</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Падрабязна</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Паказаць падрабязна</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Бакавая панэль</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Спіс месцаў і закладак</translation>
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
        <translation>Памер</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тып</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Дата змены</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Камп&apos;ютар</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Адрабіць</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Паўтарыць</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Выразаць</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Капіяваць</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Уставіць</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Выдаліць</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Вылучыць усё</translation>
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
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Так</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Не</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Так для &amp;ўсіх</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Не для ў&amp;сіх</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Адкрыць</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Захаваць</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Захаваць усё</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыць</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Адкінуць</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Ужыць</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Скінуць</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Аднавіць прадвызначанае</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Даведка</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Перапыніць</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Паўтарыць</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Ігнараваць</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Адрабіць</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Паўтарыць</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Выразаць</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Капіяваць</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Уставіць</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Выдаліць</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Вылучыць усё</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Капіяваць &amp;адрас спасылкі</translation>
    </message>
</context>
<context>
    <name>RecorderPanel</name>
    <message>
        <source>Audio recording</source>
        <translation>Аўдыязапіс</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Запісваць</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Паўза</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Спыніць</translation>
    </message>
    <message>
        <source>Input level</source>
        <translation>Узровень сігналу</translation>
    </message>
    <message>
        <source>Recording time</source>
        <translation>Час запісу</translation>
    </message>
    <message>
        <source>Recording status</source>
        <translation>Стан запісу</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Прайграць</translation>
    </message>
    <message>
        <source>Playback position</source>
        <translation>Пазіцыя прайгравання</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Працягнуць</translation>
    </message>
    <message>
        <source>No microphone was found on this computer.</source>
        <translation>На гэтым камп&apos;ютары не знойдзены мікрафон.</translation>
    </message>
    <message>
        <source>Recording needs the consent to audio recording, ticked above.</source>
        <translation>Для запісу патрэбна згода на аўдыязапіс, адзначаная вышэй.</translation>
    </message>
    <message>
        <source>Asking the system for access to the microphone…</source>
        <translation>Просім у сістэмы доступ да мікрафона…</translation>
    </message>
    <message>
        <source>This program may not use the microphone. Allow it in System Settings › Privacy &amp; Security › Microphone, then press Record again.</source>
        <translation>Гэтай праграме не дазволена карыстацца мікрафонам. Дазвольце гэта ў System Settings › Privacy &amp; Security › Microphone і зноў націсніце «Запісваць».</translation>
    </message>
    <message>
        <source>This program may not use the microphone. Allow it in Settings › Privacy &amp; security › Microphone, then press Record again.</source>
        <translation>Гэтай праграме не дазволена карыстацца мікрафонам. Дазвольце гэта ў Settings › Privacy &amp; security › Microphone і зноў націсніце «Запісваць».</translation>
    </message>
    <message>
        <source>The system does not allow this program to use the microphone.</source>
        <translation>Сістэма не дазваляе гэтай праграме карыстацца мікрафонам.</translation>
    </message>
    <message>
        <source>Recording is not available: this computer&apos;s media components could not be loaded. On Windows &quot;N&quot; editions, install the Media Feature Pack (Settings › Apps › Optional features) and start the program again. Everything else works.</source>
        <translation>Запіс недаступны: не ўдалося загрузіць мультымедыйныя кампаненты гэтага камп&apos;ютара. У выпусках Windows «N» усталюйце Media Feature Pack (Settings › Apps › Optional features) і запусціце праграму зноў. Усё астатняе працуе.</translation>
    </message>
    <message>
        <source>The microphone could not be opened.</source>
        <translation>Не ўдалося адкрыць мікрафон.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Пачынаем…</translation>
    </message>
    <message>
        <source>Recording. The audio is encrypted into the vault as it comes.</source>
        <translation>Ідзе запіс. Гук шыфруецца ў сховішча адразу.</translation>
    </message>
    <message>
        <source>Starting the microphone: begin when the clock starts running.</source>
        <translation>Мікрафон уключаецца: пачынайце, калі гадзіннік пойдзе.</translation>
    </message>
    <message>
        <source>Paused. Nothing is recorded until you press Resume.</source>
        <translation>Прыпынена. Нічога не запісваецца, пакуль вы не націснеце «Працягнуць».</translation>
    </message>
    <message>
        <source>The microphone gives sound ({input}) but the audio encoder has written nothing for {seconds} s: nothing is being stored. {reason}</source>
        <translation>Мікрафон дае гук ({input}), але аўдыякадавальнік нічога не запісаў за {seconds} с: нічога не захоўваецца. {reason}</translation>
    </message>
    <message>
        <source>The encoder said: {error}</source>
        <translation>Кадавальнік паведаміў: {error}</translation>
    </message>
    <message>
        <source>It reported no error. Check the microphone in the system&apos;s sound settings and record again.</source>
        <translation>Ён не паведаміў пра памылку. Праверце мікрафон у наладах гуку сістэмы і запішыце зноў.</translation>
    </message>
    <message>
        <source>Stop, and take written notes meanwhile.</source>
        <translation>Спыніце запіс і пакуль вядзіце пісьмовыя нататкі.</translation>
    </message>
    <message>
        <source>Finishing the recording…</source>
        <translation>Завяршаем запіс…</translation>
    </message>
    <message>
        <source>The microphone stopped working; what was recorded is kept.</source>
        <translation>Мікрафон перастаў працаваць; запісанае захавана.</translation>
    </message>
    <message>
        <source>The microphone gave sound, but the audio encoder wrote nothing, so no recording could be stored. {reason}</source>
        <translation>Мікрафон даваў гук, але аўдыякадавальнік нічога не запісаў, таму запіс не ўдалося захаваць. {reason}</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>Нічога не запісана.</translation>
    </message>
    <message>
        <source>Recording saved ({seconds} s).</source>
        <translation>Запіс захаваны ({seconds} с).</translation>
    </message>
    <message>
        <source>Pause playback</source>
        <translation>Прыпыніць</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPanel</name>
    <message>
        <source>Recovery key</source>
        <translation>Ключ аднаўлення</translation>
    </message>
    <message>
        <source>To check you have it, type its last group:</source>
        <translation>Каб праверыць, увядзіце яго апошнюю групу:</translation>
    </message>
    <message>
        <source>Last group of the recovery key</source>
        <translation>Апошняя група ключа аднаўлення</translation>
    </message>
    <message>
        <source>I have written it down</source>
        <translation>Я яго запісаў(ла)</translation>
    </message>
</context>
<context>
    <name>RekeyDialog</name>
    <message>
        <source>Change all keys (re-key)</source>
        <translation>Змяніць усе ключы (перашыфраванне)</translation>
    </message>
    <message>
        <source>Gives the vault a new master key: the database is re-encrypted and every key re-wrapped. Afterwards the old recovery key and every recovery share are worthless, and so is the old passphrase if you choose a new one. Do this after anyone forced you to unlock the vault or saw a secret. A copy of the vault folder taken before stays readable with the old secrets.</source>
        <translation>Дае сховішчу новы галоўны ключ: база даных перашыфроўваецца, і кожны ключ перазагортваецца. Пасля гэтага стары ключ аднаўлення і ўсе долі аднаўлення нічога не вартыя, як і старая парольная фраза, калі вы выбераце новую. Зрабіце гэта, калі вас прымусілі адкрыць сховішча або хтосьці ўбачыў сакрэт. Копія папкі сховішча, знятая раней, застаецца чытэльнай са старымі сакрэтамі.</translation>
    </message>
    <message>
        <source>Current passphrase or recovery key</source>
        <translation>Цяперашняя парольная фраза або ключ аднаўлення</translation>
    </message>
    <message>
        <source>Also choose a &amp;new passphrase</source>
        <translation>Таксама выбраць &amp;новую парольную фразу</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Паўтарыце парольную фразу</translation>
    </message>
    <message>
        <source>Change all keys</source>
        <translation>Змяніць усе ключы</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Цяперашняя</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Паўтор</translation>
    </message>
    <message>
        <source>Re-encrypting the database and re-wrapping every key. Keep the program open; if it is interrupted, the vault opens with the old secrets and the re-key can be run again.</source>
        <translation>Перашыфроўваецца база даных і перазагортваецца кожны ключ. Не закрывайце праграму; калі працэс перапыніцца, сховішча адкрыецца старымі сакрэтамі, і змену ключоў можна будзе запусціць зноў.</translation>
    </message>
    <message>
        <source>Changing all keys</source>
        <translation>Змена ўсіх ключоў</translation>
    </message>
    <message>
        <source>Your new recovery key</source>
        <translation>Ваш новы ключ аднаўлення</translation>
    </message>
    <message>
        <source>All keys were changed. The old recovery key and every recovery share no longer open the vault: destroy them. Write this new key on paper and keep it somewhere safe, away from this computer. It is shown only now.</source>
        <translation>Усе ключы зменены. Стары ключ аднаўлення і ўсе долі аднаўлення больш не адкрываюць сховішча: знішчыце іх. Запішыце гэты новы ключ на паперы і захоўвайце ў бяспечным месцы, далей ад гэтага камп&apos;ютара. Ён паказваецца толькі цяпер.</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Занадта слаба: не менш за {count} знакаў, некалькі слоў.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не супадаюць.</translation>
    </message>
    <message>
        <source>With the recovery key, also choose a new passphrase.</source>
        <translation>З ключом аднаўлення выберыце таксама новую парольную фразу.</translation>
    </message>
</context>
<context>
    <name>SealDialog</name>
    <message>
        <source>Seal the testimony</source>
        <translation>Апячатаць сведчанне</translation>
    </message>
    <message>
        <source>Sealing signs this version with this device&apos;s key. After that it cannot change; a correction becomes a new version.</source>
        <translation>Апячатванне падпісвае гэтую версію ключом прылады. Пасля гэтага яна не можа змяніцца; выпраўленне стане новай версіяй.</translation>
    </message>
    <message>
        <source>Reading the testimony…</source>
        <translation>Чытаем сведчанне…</translation>
    </message>
    <message>
        <source>Device fingerprint</source>
        <translation>Адбітак прылады</translation>
    </message>
    <message>
        <source>I have read the consent back and it is correct</source>
        <translation>Я зачытаў(ла) згоду і яна правільная</translation>
    </message>
    <message>
        <source>Seal result</source>
        <translation>Вынік апячатвання</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>Апячатаць</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>What will be signed</source>
        <translation>Што будзе падпісана</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Згода</translation>
    </message>
    <message>
        <source>{person}, version {version}. Incidents: {incidents}. Narrative: {chars} characters. Attachments: {attachments} ({size}).</source>
        <translation>{person}, версія {version}. Здарэнняў: {incidents}. Аповед: знакаў {chars}. Далучэнняў: {attachments} ({size}).</translation>
    </message>
    <message>
        <source>interview</source>
        <translation>інтэрв&apos;ю</translation>
    </message>
    <message>
        <source>audio recording</source>
        <translation>аўдыязапіс</translation>
    </message>
    <message>
        <source>sharing with the platform</source>
        <translation>перадача платформе</translation>
    </message>
    <message>
        <source>sharing onward</source>
        <translation>далейшая перадача</translation>
    </message>
    <message>
        <source>being named</source>
        <translation>згадванне імя</translation>
    </message>
    <message>
        <source>being contacted again</source>
        <translation>паўторны кантакт</translation>
    </message>
    <message>
        <source>Agreed to: {yes}. Not agreed: {no}.</source>
        <translation>Згода на: {yes}. Без згоды: {no}.</translation>
    </message>
    <message>
        <source>It cannot be sealed yet: {reason}</source>
        <translation>Пакуль нельга апячатаць: {reason}</translation>
    </message>
    <message>
        <source>Sealed. Content fingerprint (SHA-256): {digest}</source>
        <translation>Апячатана. Адбітак зместу (SHA-256): {digest}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыць</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Налады</translation>
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
        <translation>Ніколі</translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation>Замыкаць праз хвіліны без выкарыстання</translation>
    </message>
    <message>
        <source>Show a neutral window title (“Notes”)</source>
        <translation>Нейтральная назва акна («Нататкі»)</translation>
    </message>
    <message>
        <source>Platform key</source>
        <translation>Ключ платформы</translation>
    </message>
    <message>
        <source>Device fingerprint</source>
        <translation>Адбітак прылады</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Захаваць</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Замыкаць праз</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Платформа</translation>
    </message>
    <message>
        <source>Reading the settings…</source>
        <translation>Чытаем налады…</translation>
    </message>
    <message>
        <source>Pinned certificate fingerprint</source>
        <translation>Адбітак замацаванага сертыфіката</translation>
    </message>
    <message>
        <source>Receipt key fingerprint</source>
        <translation>Адбітак ключа квітанцый</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Проксі</translation>
    </message>
    <message>
        <source>Import profile file…</source>
        <translation>Імпартаваць файл профілю…</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профіль</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрас</translation>
    </message>
    <message>
        <source>Pinned certificate</source>
        <translation>Замацаваны сертыфікат</translation>
    </message>
    <message>
        <source>Receipt key</source>
        <translation>Ключ квітанцый</translation>
    </message>
    <message>
        <source>Coordinators</source>
        <translation>Каардынатары</translation>
    </message>
    <message>
        <source>Saved coordinators</source>
        <translation>Захаваныя каардынатары</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Імя</translation>
    </message>
    <message>
        <source>Coordinator&apos;s name</source>
        <translation>Імя каардынатара</translation>
    </message>
    <message>
        <source>Coordinator&apos;s key</source>
        <translation>Ключ каардынатара</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Дадаць</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Выдаліць</translation>
    </message>
    <message>
        <source>Exports can also be encrypted to these keys.</source>
        <translation>Пры экспарце можна шыфраваць і на гэтыя ключы.</translation>
    </message>
    <message>
        <source>No platform profile yet: import the file your coordinator gave you.</source>
        <translation>Профілю платформы яшчэ няма: імпартуйце файл ад каардынатара.</translation>
    </message>
    <message>
        <source>{name} ({host})</source>
        <translation>{name} ({host})</translation>
    </message>
    <message>
        <source>Choose the profile file</source>
        <translation>Выберыце файл профілю</translation>
    </message>
    <message>
        <source>Reading the profile…</source>
        <translation>Чытаем профіль…</translation>
    </message>
    <message>
        <source>Profile imported.</source>
        <translation>Профіль імпартаваны.</translation>
    </message>
    <message>
        <source>The file still holds the device token: delete it now (and empty the trash).</source>
        <translation>У файле ўсё яшчэ ёсць токен прылады: выдаліце яго зараз (і ачысціце сметніцу).</translation>
    </message>
    <message>
        <source>This file is not a usable platform profile; ask your coordinator for a new one.</source>
        <translation>Гэты файл не падыходзіць як профіль платформы; папрасіце ў каардынатара новы.</translation>
    </message>
    <message>
        <source>A name needs 1 to {count} visible characters.</source>
        <translation>Імя павінна мець ад 1 да {count} бачных знакаў.</translation>
    </message>
    <message>
        <source>This is not an age public key. It starts with age1; the coordinator can print it with age-keygen -y.</source>
        <translation>Гэта не публічны ключ age. Ён пачынаецца з age1; каардынатар можа вывесці яго камандай age-keygen -y.</translation>
    </message>
    <message>
        <source>This name or key is already saved.</source>
        <translation>Такое імя ці ключ ужо захаваныя.</translation>
    </message>
    <message>
        <source>At most {count} coordinators can be saved.</source>
        <translation>Можна захаваць не больш за {count} каардынатараў.</translation>
    </message>
    <message>
        <source>This proxy cannot be used. Write it as socks5h://host:port, for example socks5h://127.0.0.1:9050 (socks5h: the proxy, not this device, looks up names). Leave it empty for no proxy.</source>
        <translation>Гэты проксі нельга выкарыстаць. Запішыце яго як socks5h://host:port, напрыклад socks5h://127.0.0.1:9050 (socks5h: імёны шукае проксі, а не гэтая прылада). Пакіньце поле пустым, калі проксі не патрэбны.</translation>
    </message>
    <message>
        <source>Platform key fingerprint</source>
        <translation>Адбітак ключа платформы</translation>
    </message>
    <message>
        <source>If the laptop is taken</source>
        <translation>Калі ноўтбук забяруць</translation>
    </message>
    <message>
        <source>&amp;Wipe the vault after failed unlocks</source>
        <translation>&amp;Знішчаць сховішча пасля няўдалых спроб адкрыць</translation>
    </message>
    <message>
        <source> failed unlocks in a row</source>
        <translation> няўдалых спроб запар</translation>
    </message>
    <message>
        <source>Wipe after this many failed unlocks</source>
        <translation>Знішчыць пасля гэтолькіх няўдалых спроб</translation>
    </message>
    <message>
        <source>Off by default. Counts wrong passphrases typed into this program only; anyone holding the vault folder can read whether this is on and the count so far, and a copy of the folder is not protected by it.</source>
        <translation>Па змаўчанні выключана. Лічыць толькі няправільныя парольныя фразы, уведзеныя ў гэтую праграму; кожны, у каго ёсць папка сховішча, можа прачытаць, ці ўключана гэта і колькі спроб ужо было, а копію папкі гэта не ахоўвае.</translation>
    </message>
    <message>
        <source>No platform key yet.</source>
        <translation>Ключа платформы яшчэ няма.</translation>
    </message>
    <message>
        <source>The profile in use was kept; the file was not imported.</source>
        <translation>Бягучы профіль пакінуты; файл не імпартаваны.</translation>
    </message>
</context>
<context>
    <name>ShareResetDialog</name>
    <message>
        <source>Reset the passphrase with recovery shares</source>
        <translation>Скінуць парольную фразу з дапамогай доляў аднаўлення</translation>
    </message>
    <message>
        <source>Enter as many recovery shares as were required when they were created: type or paste each one, with an empty line between shares, or add the share files. Then choose a new passphrase; the forgotten one stops working.</source>
        <translation>Увядзіце столькі доляў аднаўлення, колькі патрабавалася пры іх стварэнні: набярыце або ўстаўце кожную, з пустым радком паміж долямі, або дадайце файлы доляў. Потым выберыце новую парольную фразу; забытая перастане дзейнічаць.</translation>
    </message>
    <message>
        <source>Recovery shares</source>
        <translation>Долі аднаўлення</translation>
    </message>
    <message>
        <source>&amp;Add a share file…</source>
        <translation>&amp;Дадаць файл долі…</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Паўтарыце парольную фразу</translation>
    </message>
    <message>
        <source>Opening the vault</source>
        <translation>Адкрыццё сховішча</translation>
    </message>
    <message>
        <source>Reset the passphrase</source>
        <translation>Скінуць парольную фразу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Паўтор</translation>
    </message>
    <message>
        <source>This file cannot be read as a recovery share.</source>
        <translation>Гэты файл нельга прачытаць як долю аднаўлення.</translation>
    </message>
    <message>
        <source>Choose share files</source>
        <translation>Выберыце файлы доляў</translation>
    </message>
    <message>
        <source>Shares entered: {count}</source>
        <translation>Уведзена доляў: {count}</translation>
    </message>
    <message>
        <source>Too weak: use at least {count} characters, several words.</source>
        <translation>Занадта слаба: не менш за {count} знакаў, некалькі слоў.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не супадаюць.</translation>
    </message>
    <message>
        <source>These shares do not open this vault: they may be from an earlier split (a newer split or a re-key makes old shares worthless) or from another vault.</source>
        <translation>Гэтыя долі не адкрываюць гэтае сховішча: магчыма, яны ад ранейшага падзелу (новы падзел або змена ключоў робіць старыя долі нічога не вартымі) ці ад іншага сховішча.</translation>
    </message>
    <message>
        <source>These shares cannot be combined. {reason}</source>
        <translation>Гэтыя долі нельга аб&apos;яднаць. {reason}</translation>
    </message>
</context>
<context>
    <name>SharesDialog</name>
    <message>
        <source>Recovery shares</source>
        <translation>Долі аднаўлення</translation>
    </message>
    <message>
        <source>Split the power to reset the passphrase among N trusted people: any K of the shares together open the vault and set a new passphrase; fewer reveal nothing about it. Creating new shares makes earlier ones worthless, and so does a re-key.</source>
        <translation>Падзяліце магчымасць скінуць парольную фразу паміж N давераных людзей: любыя K доляў разам адкрываюць сховішча і задаюць новую парольную фразу; меншая колькасць нічога пра яе не раскрывае. Новыя долі робяць ранейшыя нічога не вартымі, як і змена ключоў.</translation>
    </message>
    <message>
        <source>Shares needed (K)</source>
        <translation>Патрэбна доляў (K)</translation>
    </message>
    <message>
        <source>Shares in all (N)</source>
        <translation>Усяго доляў (N)</translation>
    </message>
    <message>
        <source>Create the shares</source>
        <translation>Стварыць долі</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Save &amp;all to a folder…</source>
        <translation>Захаваць &amp;усе ў папку…</translation>
    </message>
    <message>
        <source>&amp;Save the selected share…</source>
        <translation>&amp;Захаваць выбраную долю…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Друкаваць…</translation>
    </message>
    <message>
        <source>Printing is not available in this installation: save the shares, then print the files.</source>
        <translation>Друк у гэтай усталёўцы недаступны: захавайце долі, а потым раздрукуйце файлы.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Гатова</translation>
    </message>
    <message>
        <source>The shares needed cannot be more than the shares in all.</source>
        <translation>Патрэбных доляў не можа быць больш, чым усяго доляў.</translation>
    </message>
    <message>
        <source>{count} shares were created; any {threshold} of them reset the passphrase. Earlier shares no longer work. Give each share to a different person. A saved file holds its share in clear: once printed or handed over, delete it (and empty the trash).</source>
        <translation>Створана доляў: {count}; любыя {threshold} з іх скідаюць парольную фразу. Ранейшыя долі больш не дзейнічаюць. Аддайце кожную долю іншаму чалавеку. Захаваны файл утрымлівае долю ў адкрытым выглядзе: пасля друку або перадачы выдаліце яго (і ачысціце сметніцу).</translation>
    </message>
    <message>
        <source>Share {number} of {count}</source>
        <translation>Доля {number} з {count}</translation>
    </message>
    <message>
        <source>The shares could not be written to this folder.</source>
        <translation>Долі не ўдалося запісаць у гэтую папку.</translation>
    </message>
    <message>
        <source>{count} share files written to {folder}.</source>
        <translation>Файлаў доляў запісана ў {folder}: {count}.</translation>
    </message>
    <message>
        <source>The share could not be written there.</source>
        <translation>Долю не ўдалося запісаць туды.</translation>
    </message>
    <message>
        <source>Share {number} written to {path}.</source>
        <translation>Доля {number} запісана ў {path}.</translation>
    </message>
    <message>
        <source>Choose a folder for the share files</source>
        <translation>Выберыце папку для файлаў доляў</translation>
    </message>
    <message>
        <source>Save share {number}</source>
        <translation>Захаваць долю {number}</translation>
    </message>
    <message>
        <source>The shares were sent to the printer, one per page.</source>
        <translation>Долі адпраўлены на друк, па адной на старонку.</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Progress of the package being sent</source>
        <translation>Ход адпраўкі пакета</translation>
    </message>
    <message>
        <source>Progress of all packages</source>
        <translation>Ход адпраўкі ўсіх пакетаў</translation>
    </message>
    <message>
        <source>Package {package}: {confirmed} of {size} confirmed by the platform</source>
        <translation>Пакет {package}: платформа пацвердзіла {confirmed} з {size}</translation>
    </message>
    <message>
        <source>All packages: {confirmed} of {size} confirmed by the platform</source>
        <translation>Усе пакеты: платформа пацвердзіла {confirmed} з {size}</translation>
    </message>
    <message>
        <source>waiting for the connection (attempt {attempt})</source>
        <translation>чакаем злучэння (спроба {attempt})</translation>
    </message>
    <message>
        <source>measuring the rate…</source>
        <translation>вымяраем хуткасць…</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/с</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>засталося каля {time}</translation>
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
        <translation>{hours} гадз.</translation>
    </message>
    <message>
        <source>Sync with the platform</source>
        <translation>Сінхранізацыя з платформай</translation>
    </message>
    <message>
        <source>Reading the outbox…</source>
        <translation>Чытаем чаргу адпраўкі…</translation>
    </message>
    <message>
        <source>Import a profile file…</source>
        <translation>Імпартаваць файл профілю…</translation>
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
        <translation>Адпраўлена</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Чарга адпраўкі</translation>
    </message>
    <message>
        <source>Sync result</source>
        <translation>Вынік сінхранізацыі</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Паўтарыць</translation>
    </message>
    <message>
        <source>Send the selected failed package again</source>
        <translation>Яшчэ раз адправіць вылучаны пакет, які не ўдалося даставіць</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Сінхранізаваць</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыць</translation>
    </message>
    <message>
        <source>Platform: {name} ({url})</source>
        <translation>Платформа: {name} ({url})</translation>
    </message>
    <message>
        <source>through a proxy</source>
        <translation>праз проксі</translation>
    </message>
    <message>
        <source>No platform profile yet: import the file your coordinator gave you.</source>
        <translation>Профілю платформы яшчэ няма: імпартуйце файл ад каардынатара.</translation>
    </message>
    <message>
        <source>Package {package} was not delivered.</source>
        <translation>Пакет {package} не дастаўлены.</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Прычына: {reason}</translation>
    </message>
    <message>
        <source>Select it and press Retry to send it again once the cause is dealt with.</source>
        <translation>Калі прычына ўхілена, выберыце яго і націсніце «Паўтарыць», каб адправіць зноў.</translation>
    </message>
    <message>
        <source>delivered, receipt timestamped at {time}</source>
        <translation>дастаўлена, пазнака часу квітанцыі: {time}</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>чакае</translation>
    </message>
    <message>
        <source>uploading</source>
        <translation>адпраўляецца</translation>
    </message>
    <message>
        <source>awaiting the receipt</source>
        <translation>чакае квітанцыю</translation>
    </message>
    <message>
        <source>delivered (receipt verified)</source>
        <translation>дастаўлена (квітанцыя правераная)</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>памылка</translation>
    </message>
    <message>
        <source>Choose the profile file</source>
        <translation>Выберыце файл профілю</translation>
    </message>
    <message>
        <source>Connecting to the platform…</source>
        <translation>Злучаемся з платформай…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Platform unreachable, trying again… (attempt {attempt} of {limit})</source>
        <translation>Платформа недаступная, спрабуем зноў… (спроба {attempt} з {limit})</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Адпраўка…</translation>
    </message>
    <message>
        <source>Delivered with a verified receipt: {count}.</source>
        <translation>Дастаўлена з праверанай квітанцыяй: {count}.</translation>
    </message>
    <message>
        <source>Stopped: {reason}</source>
        <translation>Спынена: {reason}</translation>
    </message>
    <message>
        <source>This device&apos;s fingerprint: {fingerprint}.</source>
        <translation>Адбітак гэтай прылады: {fingerprint}.</translation>
    </message>
    <message>
        <source>Platform key fingerprint</source>
        <translation>Адбітак ключа платформы</translation>
    </message>
    <message>
        <source>Platform key fingerprint: {fingerprint}</source>
        <translation>Адбітак ключа платформы: {fingerprint}</translation>
    </message>
    <message>
        <source>The profile in use was kept.</source>
        <translation>Бягучы профіль пакінуты.</translation>
    </message>
</context>
<context>
    <name>TestimonyEditor</name>
    <message>
        <source>← Testimonies</source>
        <translation>← Сведчанні</translation>
    </message>
    <message>
        <source>Back to the list of testimonies</source>
        <translation>Назад да спісу сведчанняў</translation>
    </message>
    <message>
        <source>Save state</source>
        <translation>Стан захавання</translation>
    </message>
    <message>
        <source>Start a correction</source>
        <translation>Пачаць выпраўленне</translation>
    </message>
    <message>
        <source>Seal…</source>
        <translation>Апячатаць…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспартаваць…</translation>
    </message>
    <message>
        <source>Custody log</source>
        <translation>Журнал захоўвання</translation>
    </message>
    <message>
        <source>Record a &amp;withdrawal…</source>
        <translation>Запісаць &amp;адкліканне згоды…</translation>
    </message>
    <message>
        <source>Record that the person interviewed withdrew consent</source>
        <translation>Запісаць, што апытаная асоба адклікала згоду</translation>
    </message>
    <message>
        <source>&amp;Delete this draft…</source>
        <translation>&amp;Выдаліць гэты чарнавік…</translation>
    </message>
    <message>
        <source>Delete this draft, which was never sealed, for good</source>
        <translation>Назаўсёды выдаліць гэты чарнавік, які ні разу не апячатваўся</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Згода адклікана</translation>
    </message>
    <message>
        <source>Add an incident</source>
        <translation>Дадаць здарэнне</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Аповед</translation>
    </message>
    <message>
        <source>Person interviewed</source>
        <translation>Апытаная асоба</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Здарэнні</translation>
    </message>
    <message>
        <source>{person} — version {version}</source>
        <translation>{person} — версія {version}</translation>
    </message>
    <message>
        <source>survivor</source>
        <translation>пацярпелы</translation>
    </message>
    <message>
        <source>witness</source>
        <translation>сведка</translation>
    </message>
    <message>
        <source>relative</source>
        <translation>сваяк</translation>
    </message>
    <message>
        <source>other</source>
        <translation>іншае</translation>
    </message>
    <message>
        <source>Code: {code}. Role: {role}. Case: {case}.</source>
        <translation>Код: {code}. Роля: {role}. Справа: {case}.</translation>
    </message>
    <message>
        <source>Sealed on {date}. This version is signed and cannot change; a correction is a new version that names this one.</source>
        <translation>Апячатана {date}. Гэтая версія падпісана і не можа змяніцца; выпраўленне — новая версія са спасылкай на гэтую.</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Апячатана</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Захавана</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time}.</source>
        <translation>Пазнака часу ад {authority}: {time}.</translation>
    </message>
    <message>
        <source>Consent withdrawn on {date}. No version of this testimony will be exported or synced; only the signed notice of the withdrawal goes to those who received it.</source>
        <translation>Згода адклікана {date}. Ніводная версія гэтага сведчання не будзе экспартавана або сінхранізавана; тым, хто яго атрымаў, ідзе толькі падпісанае апавяшчэнне пра адкліканне.</translation>
    </message>
    <message>
        <source>Remove an incident</source>
        <translation>Выдаленне інцыдэнту</translation>
    </message>
    <message>
        <source>Remove incident {number} of {count} and all that was written in it? The saved draft loses it.</source>
        <translation>Выдаліць інцыдэнт {number} з {count} і ўсё, што ў ім напісана? Захаваны чарнавік страціць яго.</translation>
    </message>
    <message>
        <source>Remove the incident</source>
        <translation>Выдаліць інцыдэнт</translation>
    </message>
    <message>
        <source>Keep the incident</source>
        <translation>Пакінуць інцыдэнт</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>Рэдагаванне…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Захоўваем…</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Не захавана: {reason}</translation>
    </message>
    <message>
        <source>Make version {next} of this testimony, a draft that corrects version {version}? Version {version} stays sealed as it is.</source>
        <translation>Стварыць версію {next} гэтага сведчання — чарнавік, які выпраўляе версію {version}? Версія {version} застаецца запячатанай як ёсць.</translation>
    </message>
    <message>
        <source>Make version {next}</source>
        <translation>Стварыць версію {next}</translation>
    </message>
    <message>
        <source>Enter when the consent was given: the sealed record states it.</source>
        <translation>Увядзіце, калі была дадзена згода: запячатаны запіс гэта сцвярджае.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыць</translation>
    </message>
    <message>
        <source>The withdrawal was not recorded</source>
        <translation>Адкліканне згоды не запісана</translation>
    </message>
    <message>
        <source>Delete this draft</source>
        <translation>Выдаліць гэты чарнавік</translation>
    </message>
    <message>
        <source>Delete the draft of {person} with its attachments? This cannot be undone. The custody log keeps only its id and content hash.</source>
        <translation>Выдаліць чарнавік {person} разам з далучэннямі? Гэта нельга адмяніць. У журнале захоўвання застануцца толькі яго ідэнтыфікатар і хэш змесціва.</translation>
    </message>
    <message>
        <source>&amp;Delete the draft</source>
        <translation>&amp;Выдаліць чарнавік</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Not saved yet: see the marked field</source>
        <translation>Яшчэ не захавана: гл. пазначанае поле</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Не захавана</translation>
    </message>
    <message>
        <source>The draft was not deleted</source>
        <translation>Чарнавік не выдалены</translation>
    </message>
</context>
<context>
    <name>TestimonyListModel</name>
    <message>
        <source>Person</source>
        <translation>Асоба</translation>
    </message>
    <message>
        <source>Interview date</source>
        <translation>Дата інтэрв&apos;ю</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Месца</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Парушэнні</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Чарнавік</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Апячатана</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Экспартавана</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Дастаўлена</translation>
    </message>
    <message>
        <source>matched «{found}» for «{typed}»</source>
        <translation>знойдзена «{found}» для «{typed}»</translation>
    </message>
    <message>
        <source>{person} — version {version}</source>
        <translation>{person} — версія {version}</translation>
    </message>
    <message>
        <source>{status}, consent withdrawn</source>
        <translation>{status}, згода адклікана</translation>
    </message>
</context>
<context>
    <name>TestimonyListPanel</name>
    <message>
        <source>Search places, narratives, titles…</source>
        <translation>Пошук па месцах, аповедах, назвах…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Пошук</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Фільтр па стане</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Любы стан</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Чарнавік</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Апячатана</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Экспартавана</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Дастаўлена</translation>
    </message>
    <message>
        <source>Violation type filter</source>
        <translation>Фільтр па парушэнні</translation>
    </message>
    <message>
        <source>Any violation</source>
        <translation>Любое парушэнне</translation>
    </message>
    <message>
        <source>Interview between</source>
        <translation>Інтэрв&apos;ю паміж</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>З даты</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Па дату</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>Сведчанні</translation>
    </message>
    <message>
        <source>Number of testimonies</source>
        <translation>Колькасць сведчанняў</translation>
    </message>
    <message>
        <source>New testimony…</source>
        <translation>Новае сведчанне…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Адкрыць</translation>
    </message>
    <message>
        <source>No testimonies match.</source>
        <translation>Няма адпаведных сведчанняў.</translation>
    </message>
    <message>
        <source>Testimonies: {count}+</source>
        <translation>Сведчанняў: {count}+</translation>
    </message>
    <message>
        <source>Testimonies: {count}</source>
        <translation>Сведчанняў: {count}</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Unlock the vault</source>
        <translation>Адкрыць сховішча</translation>
    </message>
    <message>
        <source>Notes are locked</source>
        <translation>Нататкі заблакаваныя</translation>
    </message>
    <message>
        <source>Passphrase or recovery key</source>
        <translation>Парольная фраза або ключ аднаўлення</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Адкрыць</translation>
    </message>
    <message>
        <source>Open another vault folder…</source>
        <translation>Адкрыць іншую папку сховішча…</translation>
    </message>
    <message>
        <source>Open another folder…</source>
        <translation>Адкрыць іншую папку…</translation>
    </message>
    <message>
        <source>Unlock status</source>
        <translation>Стан адкрыцця</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Адкрываем</translation>
    </message>
    <message>
        <source>Vault folder: {folder}</source>
        <translation>Папка сховішча: {folder}</translation>
    </message>
    <message>
        <source>Choose the vault folder</source>
        <translation>Выберыце папку сховішча</translation>
    </message>
    <message>
        <source>Forgot the passphrase? Use recovery &amp;shares…</source>
        <translation>Забылі парольную фразу? Скарыстайцеся &amp;долямі аднаўлення…</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify a package</source>
        <translation>Праверка пакета</translation>
    </message>
    <message>
        <source>Package file</source>
        <translation>Файл пакета</translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation>Файл ідэнтыфікатара</translation>
    </message>
    <message>
        <source>Trusted signers file</source>
        <translation>Файл давераных падпісантаў</translation>
    </message>
    <message>
        <source>Trusted time-stamping authorities file</source>
        <translation>Файл давераных службаў пазначэння часу</translation>
    </message>
    <message>
        <source>PEM CA certificates (optional)</source>
        <translation>Сертыфікаты CA у PEM (неабавязкова)</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Пакет</translation>
    </message>
    <message>
        <source>Identity (age key)</source>
        <translation>Ідэнтыфікатар (ключ age)</translation>
    </message>
    <message>
        <source>Trusted signers</source>
        <translation>Давераныя падпісанты</translation>
    </message>
    <message>
        <source>Time-stamping authorities</source>
        <translation>Службы пазначэння часу</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбраць…</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Праверкі</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Праверыць</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыць</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Выберыце файл</translation>
    </message>
    <message>
        <source>Choose the package and the identity file.</source>
        <translation>Выберыце пакет і файл ідэнтыфікатара.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Правяраем…</translation>
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
        <translation>Усе праверкі пройдзены. Падпісана {signer} (давераны). Файлаў: {files}.</translation>
    </message>
    <message>
        <source>The package did not pass: {message}</source>
        <translation>Пакет не прайшоў праверку: {message}</translation>
    </message>
    <message>
        <source>Sealed at {time} (the device&apos;s clock, as claimed)</source>
        <translation>Запячатана {time} (па гадзінніку прылады, як яна сцвярджае)</translation>
    </message>
    <message>
        <source>a trusted authority</source>
        <translation>давераная служба</translation>
    </message>
    <message>
        <source>not among the trusted authorities</source>
        <translation>не сярод давераных службаў</translation>
    </message>
    <message>
        <source>not checked against a trusted authority</source>
        <translation>не правераная па давераных службах</translation>
    </message>
    <message>
        <source>Timestamped by {authority} at {time} ({trust})</source>
        <translation>Пазнака часу ад {authority}: {time} ({trust})</translation>
    </message>
    <message>
        <source>Every check passed.</source>
        <translation>Усе праверкі пройдзены.</translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message>
        <source>Wipe this vault</source>
        <translation>Знішчыць гэтае сховішча</translation>
    </message>
    <message>
        <source>Wipe this vault? Its keys are erased first (this takes a moment), then its database and media files are deleted. After that no passphrase, recovery key or share opens it, and nothing in it can be recovered: testimonies not yet delivered to the platform are lost. Copies or backups of the folder made before are not reached.</source>
        <translation>Знішчыць гэтае сховішча? Спачатку сціраюцца яго ключы (на гэта ідзе імгненне), потым выдаляюцца база даных і медыяфайлы. Пасля гэтага яго не адкрые ні парольная фраза, ні ключ аднаўлення, ні доля, і нічога з яго нельга аднавіць: сведчанні, яшчэ не дастаўленыя на платформу, будуць страчаныя. Копіі або рэзервовыя копіі папкі, зробленыя раней, гэта не закранае.</translation>
    </message>
    <message>
        <source>&amp;Wipe in {seconds} seconds</source>
        <translation>&amp;Знішчыць праз {seconds} с</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Wipe countdown</source>
        <translation>Адлік да знішчэння</translation>
    </message>
    <message>
        <source>Press Escape or Cancel to stop. Nothing is erased before zero.</source>
        <translation>Націсніце Escape або «Скасаваць», каб спыніць. Да нуля нічога не сціраецца.</translation>
    </message>
    <message>
        <source>Wiping in {seconds} s…</source>
        <translation>Знішчэнне праз {seconds} с…</translation>
    </message>
    <message>
        <source>Wiping…</source>
        <translation>Знішчэнне…</translation>
    </message>
</context>
<context>
    <name>WithdrawalDialog</name>
    <message>
        <source>Record a withdrawal of consent</source>
        <translation>Запіс адклікання згоды</translation>
    </message>
    <message>
        <source>{person} withdrew consent to this testimony.</source>
        <translation>{person} адклікае згоду на гэта сведчанне.</translation>
    </message>
    <message>
        <source>No version of this testimony will be exported or synced from now on. A signed notice of the withdrawal will go to everyone who received it: export the notice to a stick or sync.</source>
        <translation>З гэтага моманту ніводная версія гэтага сведчання не будзе экспартавана або сінхранізавана. Падпісанае апавяшчэнне пра адкліканне пойдзе ўсім, хто яго атрымаў: экспартуйце апавяшчэнне на флэшку або выканайце сінхранізацыю.</translation>
    </message>
    <message>
        <source>A withdrawal cannot be undone; the testimony itself stays in the vault.</source>
        <translation>Адкліканне нельга адмяніць; само сведчанне застаецца ў сховішчы.</translation>
    </message>
    <message>
        <source>It was withdrawn &amp;earlier than now</source>
        <translation>Згода адклікана &amp;раней, чым зараз</translation>
    </message>
    <message>
        <source>Unticked, the withdrawal is recorded as made now.</source>
        <translation>Калі сцяжок зняты, адкліканне запісваецца з бягучым часам.</translation>
    </message>
    <message>
        <source>When consent was withdrawn (UTC)</source>
        <translation>Калі згода была адклікана (UTC)</translation>
    </message>
    <message>
        <source>Note on how consent was withdrawn</source>
        <translation>Заўвага пра тое, як была адклікана згода</translation>
    </message>
    <message>
        <source>optional: how it was withdrawn (by phone, in person…), no narrative</source>
        <translation>неабавязкова: як адклікана (па тэлефоне, асабіста…), без выкладу сведчання</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Калі (UTC)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Заўвага</translation>
    </message>
    <message>
        <source>&amp;Record the withdrawal</source>
        <translation>&amp;Запісаць адкліканне</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
</context>
<context>
    <name>WorkingCopyDialog</name>
    <message>
        <source>Make a working copy</source>
        <translation>Зрабіць працоўную копію</translation>
    </message>
    <message>
        <source>A working copy of “{name}” to pass on. The original stays in the vault unchanged as the evidence; the copy keeps every pixel and frame, and the custody log records both checksums and what was removed.</source>
        <translation>Працоўная копія «{name}», каб перадаць іншым. Арыгінал застаецца ў сховішчы нязменным як доказ; у копіі захоўваецца кожны піксель і кадр, а журнал захоўвання запісвае абедзве кантрольныя сумы і тое, што выдалена.</translation>
    </message>
    <message>
        <source>Remove the &amp;location (GPS position and place)</source>
        <translation>Выдаліць &amp;месца (пазіцыю GPS і назву месца)</translation>
    </message>
    <message>
        <source>Remove the &amp;camera (make, model, serial number, owner)</source>
        <translation>Выдаліць &amp;камеру (вытворцу, мадэль, серыйны нумар, уладальніка)</translation>
    </message>
    <message>
        <source>&amp;Blur faces (the copy is re-encoded)</source>
        <translation>&amp;Размыць твары (копія перакадуецца)</translation>
    </message>
    <message>
        <source>&amp;Make the copy</source>
        <translation>&amp;Зрабіць копію</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасаваць</translation>
    </message>
    <message>
        <source>Faces can be blurred in JPEG, PNG and WebP photos only.</source>
        <translation>Твары можна размыць толькі на фотаздымках JPEG, PNG і WebP.</translation>
    </message>
    <message>
        <source>The optional face detector is not installed on this computer.</source>
        <translation>Дадатковы дэтэктар твараў не ўсталяваны на гэтым камп’ютары.</translation>
    </message>
</context>
<context>
    <name>field</name>
    <message>
        <source>Calendar</source>
        <translation>Каляндар</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Group {group} of the recovery key has a typing mistake: check it.</source>
        <translation>У групе {group} ключа аднаўлення апячатка: праверце яе.</translation>
    </message>
    <message>
        <source>Groups {first} and {second} of the recovery key have a typing mistake: check them.</source>
        <translation>У групах {first} і {second} ключа аднаўлення апячаткі: праверце іх.</translation>
    </message>
    <message>
        <source>This passphrase does not open the vault.</source>
        <translation>Гэтая парольная фраза не адкрывае сховішча.</translation>
    </message>
    <message>
        <source>This passphrase cannot be used; choose another.</source>
        <translation>Гэтую фразу нельга выкарыстаць; выберыце іншую.</translation>
    </message>
    <message>
        <source>Another window of the program already has this vault open.</source>
        <translation>Гэтае сховішча ўжо адкрыта ў іншым акне праграмы.</translation>
    </message>
    <message>
        <source>The vault is locked.</source>
        <translation>Сховішча замкнёна.</translation>
    </message>
    <message>
        <source>The recorded consent does not allow this.</source>
        <translation>Запісаная згода гэтага не дазваляе.</translation>
    </message>
    <message>
        <source>This cannot be changed any more.</source>
        <translation>Гэта больш нельга змяніць.</translation>
    </message>
    <message>
        <source>Cancelled. Nothing of it was recorded.</source>
        <translation>Скасавана. Нічога з гэтага не запісана.</translation>
    </message>
    <message>
        <source>This was written by a newer version of the program; please update.</source>
        <translation>Гэта запісана навейшай версіяй праграмы; абнавіце праграму.</translation>
    </message>
    <message>
        <source>Not in the form this program reads.</source>
        <translation>Не ў той форме, якую чытае гэтая праграма.</translation>
    </message>
    <message>
        <source>Consent is not recorded: fill in when and how it was given, then seal.</source>
        <translation>Згода не запісана: укажыце, калі і як яна дадзена, потым запячатайце.</translation>
    </message>
    <message>
        <source>The person did not consent to the interview, so it cannot be sealed. If they did, tick “To be interviewed” under Informed consent.</source>
        <translation>Чалавек не даў згоды на інтэрв&apos;ю, таму яго нельга запячатаць. Калі даў, адзначце «На інтэрв&apos;ю» ў раздзеле «Інфармаваная згода».</translation>
    </message>
    <message>
        <source>Consent was withdrawn, so this testimony cannot be sealed.</source>
        <translation>Згода адклікана, таму гэтае сведчанне нельга запячатаць.</translation>
    </message>
    <message>
        <source>Consent was withdrawn: this testimony may not be exported or synced. Only the notice of the withdrawal can still be sent.</source>
        <translation>Згода адклікана: гэтае сведчанне нельга экспартаваць ці сінхранізаваць. Адправіць можна толькі паведамленне пра адкліканне.</translation>
    </message>
    <message>
        <source>The person did not consent to sharing with the platform. If they have agreed since, record it in a correction of the testimony and seal that.</source>
        <translation>Чалавек не даў згоды на перадачу платформе. Калі пасля ён пагадзіўся, запішыце гэта ў выпраўленні сведчання і запячатайце яго.</translation>
    </message>
    <message>
        <source>The person did not consent to sharing beyond the platform, so the package cannot be encrypted to coordinators or other keys. Untick the coordinators and remove the other recipients to export for the platform only.</source>
        <translation>Чалавек не даў згоды на перадачу за межы платформы, таму пакет нельга зашыфраваць для каардынатараў ці іншых ключоў. Зніміце адзнакі з каардынатараў і выдаліце іншых атрымальнікаў, каб экспартаваць толькі для платформы.</translation>
    </message>
    <message>
        <source>Consent was withdrawn after this package was sealed, so it may no longer be sent. Send the notice of the withdrawal instead.</source>
        <translation>Згода адклікана пасля таго, як гэты пакет запячатаны, таму яго больш нельга адпраўляць. Адпраўце замест яго паведамленне пра адкліканне.</translation>
    </message>
    <message>
        <source>The person interviewed has not agreed to audio recording. Record their consent under Informed consent first.</source>
        <translation>Апытаны чалавек не згадзіўся на аўдыязапіс. Спачатку запішыце яго згоду ў раздзеле «Інфармаваная згода».</translation>
    </message>
    <message>
        <source>No one to encrypt the package to: set the platform&apos;s key in Settings, or add a coordinator or another recipient.</source>
        <translation>Няма для каго зашыфраваць пакет: задайце ключ платформы ў Наладах або дадайце каардынатара ці іншага атрымальніка.</translation>
    </message>
    <message>
        <source>A package without the platform needs at least one other recipient.</source>
        <translation>Пакету без платформы патрэбны хоць адзін іншы атрымальнік.</translation>
    </message>
    <message>
        <source>This version is a draft: seal it before exporting it.</source>
        <translation>Гэтая версія — чарнавік: запячатайце яе перад экспартам.</translation>
    </message>
    <message>
        <source>No working copy yet of {names}: make one (Make a working copy…) or send the originals.</source>
        <translation>Яшчэ няма працоўнай копіі {names}: зрабіце яе («Зрабіць працоўную копію…») або адпраўце арыгіналы.</translation>
    </message>
    <message>
        <source>A working copy has no custody event. Run the integrity check.</source>
        <translation>У працоўнай копіі няма падзеі ў журнале захоўвання. Запусціце праверку цэласнасці.</translation>
    </message>
    <message>
        <source>Choose what to remove: the location, the camera, or both.</source>
        <translation>Выберыце, што выдаліць: месца, камеру або абое.</translation>
    </message>
    <message>
        <source>This file is itself a working copy; make the copy from its original.</source>
        <translation>Гэты файл сам — працоўная копія; рабіце копію з яго арыгінала.</translation>
    </message>
    <message>
        <source>Working copies are made of sealed evidence: seal the testimony first.</source>
        <translation>Працоўныя копіі робяцца з запячатаных доказаў: спачатку запячатайце сведчанне.</translation>
    </message>
    <message>
        <source>Working copies of {type} files are not possible: their metadata cannot be removed without re-encoding, so nothing was made.</source>
        <translation>Працоўныя копіі файлаў {type} немагчымыя: іх метаданыя нельга выдаліць без перакадавання, таму нічога не зроблена.</translation>
    </message>
    <message>
        <source>The original no longer matches the checksum recorded when it was added; no copy was made. Run the integrity check.</source>
        <translation>Арыгінал больш не адпавядае кантрольнай суме, запісанай пры даданні; копія не зроблена. Запусціце праверку цэласнасці.</translation>
    </message>
    <message>
        <source>This file&apos;s metadata cannot be removed without re-encoding it (its structure is damaged or unusual), so no copy was made.</source>
        <translation>Метаданыя гэтага файла нельга выдаліць без перакадавання (яго структура пашкоджаная або незвычайная), таму копія не зроблена.</translation>
    </message>
    <message>
        <source>The copy still carried a location, or one could not be ruled out, so it was refused and nothing was kept.</source>
        <translation>У копіі ўсё яшчэ было месца або яго нельга было выключыць, таму яна адхілена і нічога не захавана.</translation>
    </message>
    <message>
        <source>The copy still named the camera, so it was refused and nothing was kept.</source>
        <translation>Копія ўсё яшчэ называла камеру, таму яна адхілена і нічога не захавана.</translation>
    </message>
    <message>
        <source>Faces can be blurred in JPEG, PNG and WebP photos only, not in video or other files; no copy was made.</source>
        <translation>Твары можна размыць толькі на фотаздымках JPEG, PNG і WebP, не ў відэа і не ў іншых файлах; копія не створана.</translation>
    </message>
    <message>
        <source>Blurring faces needs the optional face detector, which is not installed here; no copy was made. Make the copy without blurring, or ask for the detector to be installed.</source>
        <translation>Каб размыць твары, патрэбны дадатковы дэтэктар твараў, які тут не ўсталяваны; копія не створана. Зрабіце копію без размыцця або папрасіце ўсталяваць дэтэктар.</translation>
    </message>
    <message>
        <source>The photo is too large to blur faces in; no copy was made.</source>
        <translation>Фотаздымак завялікі, каб размыць на ім твары; копія не створана.</translation>
    </message>
    <message>
        <source>Faces could not be blurred in this photo (it may be damaged); no copy was made.</source>
        <translation>Не ўдалося размыць твары на гэтым фотаздымку (ён можа быць пашкоджаны); копія не створана.</translation>
    </message>
    <message>
        <source>This drive is formatted FAT32, which cannot hold a file over 4 GiB, and this one would be larger; nothing was written. Use a drive formatted exFAT or NTFS, or export fewer or smaller files.</source>
        <translation>Гэты дыск адфарматаваны ў FAT32, які не можа захоўваць файл большы за 4 ГіБ, а гэты файл быў бы большы; нічога не запісана. Вазьміце дыск, адфарматаваны ў exFAT або NTFS, або экспартуйце менш файлаў ці меншыя.</translation>
    </message>
    <message>
        <source>The testimony changed while it was being sealed. Seal it again.</source>
        <translation>Сведчанне змянілася падчас запячатвання. Запячатайце яго яшчэ раз.</translation>
    </message>
    <message>
        <source>The platform refused this package; sending it again as it is will not change that. Ask your coordinator why.</source>
        <translation>Платформа адмовілася прыняць гэты пакет; паўторная адпраўка ў такім выглядзе гэтага не зменіць. Спытайце ў каардынатара чаму.</translation>
    </message>
    <message>
        <source>The platform no longer holds the upload; it starts over at the next sync.</source>
        <translation>Платформа больш не захоўвае гэтую запампоўку; яна пачнецца нанова пры наступнай сінхранізацыі.</translation>
    </message>
    <message>
        <source>The platform is still checking the package; the receipt will be fetched on the next sync.</source>
        <translation>Платформа яшчэ правярае пакет; квітанцыя будзе атрымана пры наступнай сінхранізацыі.</translation>
    </message>
    <message>
        <source>The platform profile cannot be used: import the file your coordinator gave you again.</source>
        <translation>Профіль платформы нельга выкарыстаць: зноў імпартуйце файл, які даў каардынатар.</translation>
    </message>
    <message>
        <source>Cancelled; what the platform confirmed is kept.</source>
        <translation>Скасавана; тое, што платформа пацвердзіла, захавана.</translation>
    </message>
    <message>
        <source>The connection failed; the package keeps its place for the next sync.</source>
        <translation>Злучэнне не ўдалося; пакет захоўвае сваё месца да наступнай сінхранізацыі.</translation>
    </message>
    <message>
        <source>The sync failed; try again later.</source>
        <translation>Сінхранізацыя не ўдалася; паспрабуйце пазней.</translation>
    </message>
    <message>
        <source>This version is sealed. Start a correction to change it.</source>
        <translation>Гэтая версія запячатаная. Каб змяніць яе, пачніце выпраўленне.</translation>
    </message>
    <message>
        <source>A sealed testimony cannot get a new recording. Start a correction first.</source>
        <translation>Да запячатанага сведчання нельга дадаць новы запіс. Спачатку пачніце выпраўленне.</translation>
    </message>
    <message>
        <source>A sealed testimony names this person; their details can no longer change.</source>
        <translation>Запячатанае сведчанне называе гэтага чалавека; яго звесткі больш нельга змяніць.</translation>
    </message>
    <message>
        <source>A recording of this testimony is still open. Stop it, then delete.</source>
        <translation>Запіс гэтага сведчання яшчэ адкрыты. Спыніце яго, потым выдаляйце.</translation>
    </message>
    <message>
        <source>A consent withdrawal is recorded on this draft, so it stays as that record.</source>
        <translation>На гэтым чарнавіку запісана адкліканне згоды, таму ён застаецца як запіс пра гэта.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Абавязкова.</translation>
    </message>
    <message>
        <source>Must not be empty.</source>
        <translation>Не можа быць пустым.</translation>
    </message>
    <message>
        <source>Too long: at most {limit} bytes.</source>
        <translation>Занадта доўга: не больш за {limit} байтаў.</translation>
    </message>
    <message>
        <source>Too long: at most {limit} characters.</source>
        <translation>Занадта доўга: не больш за {limit} знакаў.</translation>
    </message>
    <message>
        <source>Too many: at most {limit}.</source>
        <translation>Занадта шмат: не больш за {limit}.</translation>
    </message>
    <message>
        <source>Contains a character that cannot be stored.</source>
        <translation>Змяшчае знак, які нельга захаваць.</translation>
    </message>
    <message>
        <source>Write a date as year, year and month, or full date: 2024, 2024-03 or 2024-03-01.</source>
        <translation>Запішыце дату як год, год і месяц або поўную дату: 2024, 2024-03 або 2024-03-01.</translation>
    </message>
    <message>
        <source>This day does not exist in the calendar.</source>
        <translation>Такога дня няма ў календары.</translation>
    </message>
    <message>
        <source>Write a date, or a date and time: 2024-03-01 or 2024-03-01T14:30:00Z.</source>
        <translation>Запішыце дату або дату і час: 2024-03-01 або 2024-03-01T14:30:00Z.</translation>
    </message>
    <message>
        <source>This date or time does not exist: check the day, month and hour.</source>
        <translation>Такой даты ці часу няма: праверце дзень, месяц і гадзіну.</translation>
    </message>
    <message>
        <source>Fill in the first date too (the date “to” needs a date “from”).</source>
        <translation>Запоўніце і першую дату (дата «па» патрабуе даты «з»).</translation>
    </message>
    <message>
        <source>This date is before the first date.</source>
        <translation>Гэтая дата раней за першую.</translation>
    </message>
    <message>
        <source>The first date is less precise than its stated precision.</source>
        <translation>Першая дата менш дакладная, чым указаная дакладнасць.</translation>
    </message>
    <message>
        <source>Must be between -{limit} and {limit}.</source>
        <translation>Павінна быць ад -{limit} да {limit}.</translation>
    </message>
    <message>
        <source>Latitude and longitude go together: fill in both or neither.</source>
        <translation>Шырата і даўгата ідуць разам: запоўніце абедзве або ніводнай.</translation>
    </message>
    <message>
        <source>Not a violation type of this program&apos;s list.</source>
        <translation>Такога віду парушэння няма ў спісе праграмы.</translation>
    </message>
    <message>
        <source>A violation type is chosen twice.</source>
        <translation>Від парушэння выбраны двойчы.</translation>
    </message>
    <message>
        <source>Must be one of: {choices}.</source>
        <translation>Павінна быць адным з: {choices}.</translation>
    </message>
    <message>
        <source>Too long (at most 10,000 characters), or holds a character that cannot be stored.</source>
        <translation>Занадта доўга (не больш за 10 000 знакаў) або змяшчае знак, які нельга захаваць.</translation>
    </message>
    <message>
        <source>Two incidents are the same incident.</source>
        <translation>Два інцыдэнты — гэта адзін і той жа інцыдэнт.</translation>
    </message>
    <message>
        <source>Name the person interviewed once.</source>
        <translation>Назавіце апытанага чалавека адзін раз.</translation>
    </message>
    <message>
        <source>The file is larger than {limit} MiB.</source>
        <translation>Файл большы за {limit} МіБ.</translation>
    </message>
    <message>
        <source>The file&apos;s text is not in UTF-8.</source>
        <translation>Тэкст файла не ў UTF-8.</translation>
    </message>
    <message>
        <source>The file is not valid JSON (line {line}, column {column}).</source>
        <translation>Файл не з&apos;яўляецца правільным JSON (радок {line}, слупок {column}).</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Створана</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Зменена</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Запячатана</translation>
    </message>
    <message>
        <source>Correction started</source>
        <translation>Пачата выпраўленне</translation>
    </message>
    <message>
        <source>Corrected by a new version</source>
        <translation>Выпраўлена новай версіяй</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Згода адклікана</translation>
    </message>
    <message>
        <source>Draft deleted</source>
        <translation>Чарнавік выдалены</translation>
    </message>
    <message>
        <source>Attachment added</source>
        <translation>Далучэнне дададзена</translation>
    </message>
    <message>
        <source>Attachment removed</source>
        <translation>Далучэнне выдалена</translation>
    </message>
    <message>
        <source>Working copy made</source>
        <translation>Зроблена рабочая копія</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Экспартавана</translation>
    </message>
    <message>
        <source>Sent to the platform</source>
        <translation>Адпраўлена на платформу</translation>
    </message>
    <message>
        <source>Platform receipt verified</source>
        <translation>Квітанцыя платформы праверана</translation>
    </message>
    <message>
        <source>Timestamped</source>
        <translation>Пастаўлена пазнака часу</translation>
    </message>
    <message>
        <source>Local copy deleted</source>
        <translation>Лакальная копія выдалена</translation>
    </message>
    <message>
        <source>Package imported</source>
        <translation>Пакет імпартаваны</translation>
    </message>
    <message>
        <source>Package verified</source>
        <translation>Пакет правераны</translation>
    </message>
    <message>
        <source>Imported from a phone</source>
        <translation>Імпартавана з тэлефона</translation>
    </message>
    <message>
        <source>Phone key seen</source>
        <translation>Ключ тэлефона заўважаны</translation>
    </message>
    <message>
        <source>Phone key named</source>
        <translation>Ключу тэлефона дадзена імя</translation>
    </message>
    <message>
        <source>Phone key changed</source>
        <translation>Ключ тэлефона зменены</translation>
    </message>
    <message>
        <source>Phone key forgotten</source>
        <translation>Ключ тэлефона забыты</translation>
    </message>
    <message>
        <source>Phone key trust changed</source>
        <translation>Давер да ключа тэлефона зменены</translation>
    </message>
    <message>
        <source>Platform profile replaced</source>
        <translation>Профіль платформы заменены</translation>
    </message>
    <message>
        <source>Passphrase or recovery key changed</source>
        <translation>Парольная фраза або ключ аднаўлення зменены</translation>
    </message>
    <message>
        <source>All keys changed</source>
        <translation>Усе ключы зменены</translation>
    </message>
    <message>
        <source>Recovery shares made</source>
        <translation>Створаны долі аднаўлення</translation>
    </message>
    <message>
        <source>Older database accepted</source>
        <translation>Прынята старэйшая база даных</translation>
    </message>
    <message>
        <source>Duress passphrase set</source>
        <translation>Зададзена парольная фраза пад прымусам</translation>
    </message>
    <message>
        <source>Duress passphrase removed</source>
        <translation>Парольная фраза пад прымусам выдалена</translation>
    </message>
    <message>
        <source>oral</source>
        <translation>вусна</translation>
    </message>
    <message>
        <source>written</source>
        <translation>пісьмова</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>у запісе</translation>
    </message>
    <message>
        <source>documenter</source>
        <translation>дакументатар</translation>
    </message>
    <message>
        <source>A check failed: the data is damaged or was altered.</source>
        <translation>Праверка не пройдзена: даныя пашкоджаныя або змененыя.</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Не захавана: {reason}</translation>
    </message>
    <message>
        <source>The data is not in the expected format.</source>
        <translation>Даныя не ў чаканым фармаце.</translation>
    </message>
    <message>
        <source>What was asked for does not exist.</source>
        <translation>Запытанага не існуе.</translation>
    </message>
    <message>
        <source>The disk refused the write (full, removed or read-only). Nothing was lost.</source>
        <translation>Дыск не прыняў запіс (поўны, адлучаны або толькі для чытання). Нічога не страчана.</translation>
    </message>
    <message>
        <source>The action could not be completed.</source>
        <translation>Дзеянне не ўдалося завяршыць.</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Nothing was changed.</source>
        <translation>Адбылася нечаканая памылка. Нічога не зменена.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not from the platform named in the profile. Nothing was sent. Someone may be intercepting the connection, or the profile is outdated: check it with your coordinator.</source>
        <translation>Сертыфікат сервера не належыць платформе, названай у профілі. Нічога не адпраўлена. Магчыма, хтосьці перахоплівае злучэнне, або профіль састарэў: праверце яго разам з каардынатарам.</translation>
    </message>
    <message>
        <source>The proxy does not answer or cannot reach the platform. Check that the circumvention tool (for example Tor) is running and connected.</source>
        <translation>Проксі не адказвае або не можа злучыцца з платформай. Праверце, што сродак абыходу блакіровак (напрыклад, Tor) запушчаны і падлучаны.</translation>
    </message>
    <message>
        <source>The platform cannot be reached: the device seems to be offline, or names are blocked. Try again when connected, or through the proxy.</source>
        <translation>Платформа недаступная: здаецца, прылада не падлучана да сеткі, або імёны сайтаў блакуюцца. Паспрабуйце зноў, калі з’явіцца злучэнне, або праз проксі.</translation>
    </message>
    <message>
        <source>The platform did not answer: it may be down, or the connection is blocked or too slow. Try again later or through the proxy.</source>
        <translation>Платформа не адказала: магчыма, яна не працуе, або злучэнне заблакавана ці занадта павольнае. Паспрабуйце пазней або праз проксі.</translation>
    </message>
    <message>
        <source>The platform refused this device: its token is wrong or was revoked. Ask your coordinator for a new profile.</source>
        <translation>Платформа адмовіла гэтай прыладзе: яе токен няправільны або адкліканы. Папрасіце ў каардынатара новы профіль.</translation>
    </message>
    <message>
        <source>The platform&apos;s receipt did not verify with the key in the profile, so the package is not marked delivered. The profile may be outdated: ask your coordinator.</source>
        <translation>Квітанцыя платформы не прайшла праверку ключом з профілю, таму пакет не пазначаны як дастаўлены. Магчыма, профіль састарэў: звярніцеся да каардынатара.</translation>
    </message>
    <message>
        <source>The platform profile cannot be used. {reason}</source>
        <translation>Профіль платформы нельга выкарыстаць. {reason}</translation>
    </message>
    <message>
        <source>The vault is open read-only because its database is older than its keys: nothing can be changed until you accept this state.</source>
        <translation>Сховішча адкрыта толькі для чытання, бо яго база даных старэйшая за ключы: нічога нельга змяніць, пакуль вы не прымеце гэты стан.</translation>
    </message>
</context>
</TS>
