"""A small Shopify product CSV written for these tests, with the quirks real exports have."""

HEADER = (
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,"
    "Option3 Name,Option3 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,"
    "Variant Price,Variant Compare At Price,Variant Barcode,Image Src,Image Alt Text,Google Shopping / Gender,"
    "Google Shopping / MPN,Variant Image"
)

ROWS = [
    # A jacket in two colours and two sizes; the description holds commas, quotes and a line break,
    # the first variant is on sale (compare-at above price), images come on continuation rows.
    'conformance-jacket,Ridge Jacket,"<p>Warm, light and ""packable"".</p>\n<p>Two colours.</p>",'
    "Northwind Outfitters,Jackets,\"outdoor, winter\",true,Color,Red,Size,M,,,RJ-RED-M,850,shopify,4,"
    "120.00,150.00,0012345678905,https://images.example/ridge-red.jpg,Red jacket,unisex,RJ-1,"
    "https://images.example/ridge-red.jpg",
    "conformance-jacket,,,,,,,,Red,,L,,,RJ-RED-L,900,shopify,0,120.00,,,,,,,",
    "conformance-jacket,,,,,,,,Blue,,M,,,,860,shopify,7,125.50,,,https://images.example/ridge-blue.jpg,"
    "Blue jacket,,,",
    "conformance-jacket,,,,,,,,Blue,,L,,,RJ-BLUE-L,910,shopify,2,125.50,,,,,,,",
    # A simple product in Shopify's way (Title: Default Title) whose SKU kept Excel's apostrophe.
    "conformance-mug,Enamel Mug,<p>Tin mug</p>,Northwind Outfitters,Kitchen,,true,Title,Default Title,,,,,"
    "'30235,340,shopify,12,9.99,,,https://images.example/mug.jpg,,,,",
]

CSV_TEXT = HEADER + "\n" + "\n".join(ROWS) + "\n"
