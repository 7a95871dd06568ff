"""The five worked examples of costing-model.md as job specs, with their published figures."""

CARDS = dict(product_type="printing", quantity=1000, width_mm=90, height_mm=50, colours="4+4",
             paper="coated-300-sra3", press="digital", bleed_mm=2)
BLANKS = dict(product_type="blank", quantity=2000, width_mm=210, height_mm=297, colours="1+0",
              paper="office-80-a4", press="riso", numbering=True, pad_sheets=100)
JOURNALS = dict(product_type="journal", quantity=20, sheets_per_journal=100, width_mm=210,
                height_mm=297, colours="1+1", paper="office-80-a4", press="riso", cover="hard",
                lacing_sealing=True, page_numbering=True)
LABELS = dict(product_type="label", quantity=5000, label_length_mm=60, ribbon="satin-30",
              label_colours=1)
FLYERS_SRA3 = dict(product_type="printing", quantity=5000, width_mm=210, height_mm=297,
                   colours="4+0", paper="coated-130-sra3", bleed_mm=2)
FLYERS_B2 = dict(FLYERS_SRA3, paper="coated-130-b2")
