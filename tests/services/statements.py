"""1CClientBankExchange statements written by the tests, in either encoding."""

SHOP_IIK = "KZ86125KZT5004100100"
PAYER_IIK = "KZ75125KZT1001300335"


def document(number, day, amount, purpose, payer_bin="123456789013", payer_iik=PAYER_IIK,
             payee_iik=SHOP_IIK, payer="ТОО \"Алтын Дан\"", bin_key="ПлательщикБИН_ИИН"):
    lines = ["СекцияДокумент=Платежное поручение", "Номер=" + number, "Дата=" + day,
             "Сумма=" + amount, "ПлательщикСчет=" + payer_iik, "Плательщик=" + payer]
    if payer_bin:
        lines.append(bin_key + "=" + payer_bin)
    lines += ["ПлательщикБИК=HSBKKZKX", "ПлательщикКбе=17", "ПолучательСчет=" + payee_iik,
              "Получатель=ТОО \"Типография\"", "ДатаПоступило=" + day, "КНП=859",
              "НазначениеПлатежа=" + purpose, "КонецДокумента"]
    return lines


def statement(documents, encoding="Windows", end=True):
    lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=" + encoding,
             "Отправитель=Halyk Bank", "Получатель=", "ДатаСоздания=03.03.2026",
             "ДатаНачала=01.03.2026", "ДатаКонца=03.03.2026", "РасчСчет=" + SHOP_IIK,
             "СекцияРасчСчет", "ДатаНачала=01.03.2026", "НачальныйОстаток=0.00",
             "РасчСчет=" + SHOP_IIK, "КонецРасчСчет"]
    for doc in documents:
        lines += doc
    if end:
        lines.append("КонецФайла")
    codec = "cp1251" if encoding == "Windows" else "cp866"
    return ("\r\n".join(lines) + "\r\n").encode(codec)


def write(path, documents, encoding="Windows", end=True):
    path.write_bytes(statement(documents, encoding, end))
    return path
