<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>EmptyState</name>
    <message>
        <source>Welcome to Paper Wealth</source>
        <translation>歡迎使用帳面財富</translation>
    </message>
    <message>
        <source>Track listed Hong Kong shares, private old shares and employee options in one place, on your own computer. Nothing leaves it.</source>
        <translation>在你自己的電腦上，一站式追蹤港股、未上市老股和員工期權。所有資料僅保存在本機，不會上傳。</translation>
    </message>
    <message>
        <source>Load the demo portfolio</source>
        <translation>載入範例組合</translation>
    </message>
    <message>
        <source>Import from a broker or a file…</source>
        <translation>從券商或檔案匯入…</translation>
    </message>
    <message>
        <source>Add a first transaction…</source>
        <translation>新增第一筆交易…</translation>
    </message>
</context>
<context>
    <name>EntryDialogs</name>
    <message>
        <source>e.g. 24.00</source>
        <translation>例如：24.00</translation>
    </message>
    <message>
        <source>Edit mark</source>
        <translation>編輯估值</translation>
    </message>
    <message>
        <source>Add mark</source>
        <translation>新增估值</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>期權</translation>
    </message>
    <message>
        <source>RSU</source>
        <translation>RSU</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Quarterly</source>
        <translation>按季</translation>
    </message>
    <message>
        <source>Annually</source>
        <translation>按年</translation>
    </message>
    <message>
        <source>e.g. MOONSHOT or 2513.HK</source>
        <translation>例如：MOONSHOT 或 2513.HK</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>選填</translation>
    </message>
    <message>
        <source>Add grant</source>
        <translation>新增授予</translation>
    </message>
    <message>
        <source>Exercise %1</source>
        <translation>行權 · %1</translation>
    </message>
    <message>
        <source>Record leaving · %1</source>
        <translation>登記離職 · %1</translation>
    </message>
    <message>
        <source>optional: YYYY-MM-DD</source>
        <translation>選填：YYYY-MM-DD</translation>
    </message>
    <message>
        <source>optional: the whole holding</source>
        <translation>選填：預設整個持倉</translation>
    </message>
    <message>
        <source>e.g. cornerstone, 6 months</source>
        <translation>例如：基石投資者，6 個月</translation>
    </message>
    <message>
        <source>Counted in the shares of the lot day, else of the first locked day: a split after that day scales it.</source>
        <translation>按鎖定批次買入日（否則按首個鎖定日）的股數計算：此後的拆股會按比例調整。</translation>
    </message>
    <message>
        <source>Add lock-up · %1</source>
        <translation>新增禁售期 · %1</translation>
    </message>
    <message>
        <source>e.g. 2513.HK</source>
        <translation>例如：2513.HK</translation>
    </message>
    <message>
        <source>default: the stored rate of the day</source>
        <translation>預設：當日已存匯率</translation>
    </message>
    <message>
        <source>Convert at IPO · %1</source>
        <translation>上市轉換 · %1</translation>
    </message>
    <message>
        <source>empty: the default</source>
        <translation>留空：使用預設值</translation>
    </message>
    <message>
        <source>Discount and staleness · %1</source>
        <translation>折讓與過期 · %1</translation>
    </message>
</context>
<context>
    <name>ExercisePlanDialog</name>
    <message>
        <source>PRC individual income tax</source>
        <translation>中國個人所得稅</translation>
    </message>
    <message>
        <source>Hong Kong salaries tax</source>
        <translation>香港薪俸稅</translation>
    </message>
    <message>
        <source>Flat rate (your own)</source>
        <translation>固定稅率（自訂）</translation>
    </message>
    <message>
        <source>No tax</source>
        <translation>不計稅</translation>
    </message>
    <message>
        <source>equity incentives taxed separately at the annual table with quick deductions (Caishui [2018] No. 164, extended to 2027-12-31 by MOF/STA Announcement 2023 No. 25; Guoshuihan [2006] 902; Caishui [2005] No. 35)</source>
        <translation>股權激勵單獨計稅，適用綜合所得年度稅率表及速算扣除數（財稅〔2018〕164號，經財政部 稅務總局公告2023年第25號延續至2027年12月31日；國稅函〔2006〕902號；財稅〔2005〕35號）</translation>
    </message>
    <message>
        <source>the gain at exercise (IRO s.9(1)(d)), the lower of progressive rates after the basic allowance of HK$132,000 and the standard rate of 15%/16%</source>
        <translation>就行權收益課稅（《稅務條例》第9(1)(d)條），取扣除基本免稅額132,000港元後的累進稅率與標準稅率（15%/16%）兩者中較低者</translation>
    </message>
    <message>
        <source>%1% of the gain, your own rate</source>
        <translation>按收益的 %1% 計稅（自訂稅率）</translation>
    </message>
    <message>
        <source>no tax</source>
        <translation>不計稅</translation>
    </message>
    <message>
        <source>Plan exercise · %1</source>
        <translation>行權規劃 · %1</translation>
    </message>
    <message>
        <source>the value on the day (%1)</source>
        <translation>當日每股價值（%1）</translation>
    </message>
    <message>
        <source>The ledger&apos;s setting</source>
        <translation>帳本設定</translation>
    </message>
    <message>
        <source>percent, for the flat rate</source>
        <translation>百分比，用於固定稅率</translation>
    </message>
    <message>
        <source>the ledger&apos;s, for HK</source>
        <translation>帳本設定，用於香港</translation>
    </message>
    <message>
        <source>Options to exercise</source>
        <translation>行權數量</translation>
    </message>
    <message>
        <source>Exercise date</source>
        <translation>行權日期</translation>
    </message>
    <message>
        <source>Value per share</source>
        <translation>每股價值</translation>
    </message>
    <message>
        <source>Tax regime</source>
        <translation>稅制</translation>
    </message>
    <message>
        <source>Other income (HKD)</source>
        <translation>其他收入（港元）</translation>
    </message>
    <message>
        <source>Your tax rate (%)</source>
        <translation>自訂稅率（%）</translation>
    </message>
    <message>
        <source>Scenarios: the shares later worth…</source>
        <translation>情境：日後每股價值為…</translation>
    </message>
    <message>
        <source>An estimate, not tax advice. %1, tax year %2: %3</source>
        <translation>僅為估算，不構成稅務建議。%1，%2 課稅年度：%3</translation>
    </message>
    <message>
        <source>Strike cost</source>
        <translation>行權成本</translation>
    </message>
    <message>
        <source>Taxable gain</source>
        <translation>應課稅所得</translation>
    </message>
    <message>
        <source>Estimated tax</source>
        <translation>估算稅款</translation>
    </message>
    <message>
        <source>effective rate %1%</source>
        <translation>實際稅率 %1%</translation>
    </message>
    <message>
        <source>Cash needed</source>
        <translation>所需現金</translation>
    </message>
    <message>
        <source>(strike %1 + tax %2)</source>
        <translation>（行權款 %1 + 稅款 %2）</translation>
    </message>
    <message>
        <source>Value of the shares</source>
        <translation>股份價值</translation>
    </message>
    <message>
        <source>Net gain</source>
        <translation>淨收益</translation>
    </message>
    <message>
        <source>Break-even price</source>
        <translation>損益平衡價</translation>
    </message>
    <message>
        <source>Exercise deadline</source>
        <translation>行權截止日</translation>
    </message>
    <message>
        <source>Price (%1)</source>
        <translation>價格（%1）</translation>
    </message>
    <message>
        <source>Value (%1)</source>
        <translation>價值（%1）</translation>
    </message>
    <message>
        <source>Net gain (%1)</source>
        <translation>淨收益（%1）</translation>
    </message>
    <message>
        <source>break-even %1</source>
        <translation>損益平衡 %1</translation>
    </message>
    <message>
        <source>Price per share (%1)</source>
        <translation>每股價格（%1）</translation>
    </message>
    <message>
        <source>Value range · %1</source>
        <translation>價值區間 · %1</translation>
    </message>
    <message>
        <source>Paper wealth is shown from the low to the high value per share (in %1, no discount taken). Leave both empty to remove the range.</source>
        <translation>帳面財富將按每股最低至最高價值顯示（%1，不計折讓）。兩項都留空即可刪除區間。</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>價格</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>幣別</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>手續費</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>帳戶</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>Valuation</source>
        <translation>估值總額</translation>
    </message>
    <message>
        <source>Fully diluted shares</source>
        <translation>完全攤薄股數</translation>
    </message>
    <message>
        <source>Share class</source>
        <translation>股份類別</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>來源</translation>
    </message>
    <message>
        <source>Grant ID</source>
        <translation>授予編號</translation>
    </message>
    <message>
        <source>Grant date</source>
        <translation>授予日期</translation>
    </message>
    <message>
        <source>Strike</source>
        <translation>行權價</translation>
    </message>
    <message>
        <source>Vesting start</source>
        <translation>歸屬起始日</translation>
    </message>
    <message>
        <source>Cliff (months)</source>
        <translation>懸崖期（月）</translation>
    </message>
    <message>
        <source>Vesting (months)</source>
        <translation>歸屬期（月）</translation>
    </message>
    <message>
        <source>Frequency</source>
        <translation>歸屬頻率</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Left the company on</source>
        <translation>離職日期</translation>
    </message>
    <message>
        <source>Exercise window (days)</source>
        <translation>行權窗口（天）</translation>
    </message>
    <message>
        <source>Locked until (last day)</source>
        <translation>禁售至（最後一天）</translation>
    </message>
    <message>
        <source>Only the lots bought on</source>
        <translation>僅限此日買入的批次</translation>
    </message>
    <message>
        <source>Locked from (first day)</source>
        <translation>禁售起始（第一天）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Listed symbol</source>
        <translation>上市代碼</translation>
    </message>
    <message>
        <source>New shares per old share</source>
        <translation>每股舊股轉換新股數</translation>
    </message>
    <message>
        <source>Exchange rate (optional)</source>
        <translation>匯率（選填）</translation>
    </message>
    <message>
        <source>Discount to the mark (%)</source>
        <translation>相對估值的折讓（%）</translation>
    </message>
    <message>
        <source>Stale after (days)</source>
        <translation>過期天數</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>截至日期</translation>
    </message>
    <message>
        <source>Base currency</source>
        <translation>本位幣</translation>
    </message>
    <message>
        <source>Cost method</source>
        <translation>成本計算方法</translation>
    </message>
    <message>
        <source>Listed price is stale after (days)</source>
        <translation>上市行情有效期（天）</translation>
    </message>
    <message>
        <source>Private mark is stale after (days)</source>
        <translation>未上市估值有效期（天）</translation>
    </message>
    <message>
        <source>From currency</source>
        <translation>原幣種</translation>
    </message>
    <message>
        <source>To currency</source>
        <translation>目標幣種</translation>
    </message>
    <message>
        <source>Exchange rate</source>
        <translation>匯率</translation>
    </message>
    <message>
        <source>Holding converted</source>
        <translation>被轉換的持倉</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>結束日期</translation>
    </message>
    <message>
        <source>Low value per share</source>
        <translation>每股最低價值</translation>
    </message>
    <message>
        <source>High value per share</source>
        <translation>每股最高價值</translation>
    </message>
    <message>
        <source>Tax regime</source>
        <translation>稅制</translation>
    </message>
    <message>
        <source>Your tax rate (%)</source>
        <translation>自訂稅率（%）</translation>
    </message>
    <message>
        <source>Other income (HKD)</source>
        <translation>其他收入（港元）</translation>
    </message>
    <message>
        <source>Benchmarks</source>
        <translation>比較基準</translation>
    </message>
    <message>
        <source>Scenario price</source>
        <translation>情境價格</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>買入</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>賣出</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>拆股</translation>
    </message>
    <message>
        <source>Dividend</source>
        <translation>股息</translation>
    </message>
    <message>
        <source>Listed</source>
        <translation>上市</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>未上市</translation>
    </message>
    <message>
        <source>quote</source>
        <translation>行情</translation>
    </message>
    <message>
        <source>close</source>
        <translation>收盤價</translation>
    </message>
    <message>
        <source>funding round</source>
        <translation>融資輪</translation>
    </message>
    <message>
        <source>secondary trade</source>
        <translation>老股交易</translation>
    </message>
    <message>
        <source>bid</source>
        <translation>買價</translation>
    </message>
    <message>
        <source>ask</source>
        <translation>賣價</translation>
    </message>
    <message>
        <source>tender offer</source>
        <translation>公開收購</translation>
    </message>
    <message>
        <source>fund NAV</source>
        <translation>基金淨值</translation>
    </message>
    <message>
        <source>fair value</source>
        <translation>公允價值</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手動輸入</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在職</translation>
    </message>
    <message>
        <source>Left, window open</source>
        <translation>已離職，行權窗口開放中</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已失效</translation>
    </message>
    <message>
        <source>Fully exercised</source>
        <translation>已全部行權</translation>
    </message>
    <message>
        <source>Vests</source>
        <translation>歸屬</translation>
    </message>
    <message>
        <source>Exercise deadline</source>
        <translation>行權截止日</translation>
    </message>
    <message>
        <source>Lock-up ends</source>
        <translation>禁售期結束</translation>
    </message>
    <message>
        <source>Mark goes stale</source>
        <translation>估值即將過期</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose a file exported from your broker or tracker: a Paper Wealth CSV, an Interactive Brokers Flex Query (XML or CSV), a Ghostfolio export (JSON or CSV), a Wealthfolio CSV, or any other CSV whose columns you map once.</source>
        <translation>選擇從券商或記帳工具匯出的檔案：Paper Wealth CSV、盈透證券 Flex Query（XML 或 CSV）、Ghostfolio 匯出（JSON 或 CSV）、Wealthfolio CSV，或任何其他 CSV（只需對應一次各欄）。</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>尚未選擇檔案</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>Read it as</source>
        <translation>讀取方式</translation>
    </message>
    <message>
        <source>Account for rows that name none</source>
        <translation>未註明帳戶的資料列記入</translation>
    </message>
    <message>
        <source>Paper Wealth CSV</source>
        <translation>Paper Wealth CSV</translation>
    </message>
    <message>
        <source>Interactive Brokers Flex Query (%1)</source>
        <translation>盈透證券 Flex Query（%1）</translation>
    </message>
    <message>
        <source>Ghostfolio export (%1)</source>
        <translation>Ghostfolio 匯出（%1）</translation>
    </message>
    <message>
        <source>Wealthfolio CSV</source>
        <translation>Wealthfolio CSV</translation>
    </message>
    <message>
        <source>Recognised: %1.</source>
        <translation>已識別：%1。</translation>
    </message>
    <message>
        <source>Paper Wealth does not recognise this file (its header: %1). Map its columns in the next step.</source>
        <translation>Paper Wealth 無法識別此檔案（表頭：%1）。請在下一步對應各欄。</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>This %1 file is not an export Paper Wealth recognises, and only a CSV can be mapped.</source>
        <translation>此 %1 檔案不是 Paper Wealth 能識別的匯出格式，而只有 CSV 可以自行對應各欄。</translation>
    </message>
    <message>
        <source>Map the columns myself</source>
        <translation>自行對應各欄</translation>
    </message>
    <message>
        <source>Saved mapping: %1</source>
        <translation>已儲存的對應：%1</translation>
    </message>
</context>
<context>
    <name>GrantsPage</name>
    <message>
        <source>Grant</source>
        <translation>授予編號</translation>
    </message>
    <message>
        <source>Underlying</source>
        <translation>標的</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>授予日期</translation>
    </message>
    <message>
        <source>Vested</source>
        <translation>已歸屬</translation>
    </message>
    <message>
        <source>Exercisable</source>
        <translation>可行權</translation>
    </message>
    <message>
        <source>Strike</source>
        <translation>行權價</translation>
    </message>
    <message>
        <source>Cash to exercise</source>
        <translation>行權所需現金</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>內在價值</translation>
    </message>
    <message>
        <source>Next vest</source>
        <translation>下次歸屬</translation>
    </message>
    <message>
        <source>Deadline / status</source>
        <translation>截止日 / 狀態</translation>
    </message>
    <message>
        <source>No grants yet. Record an option or RSU grant to see its vesting, exercise cost and deadlines.</source>
        <translation>尚無授予紀錄。新增一筆期權或 RSU 授予後，即可查看其歸屬進度、行權成本和各項截止日期。</translation>
    </message>
    <message>
        <source>Add grant…</source>
        <translation>新增授予…</translation>
    </message>
    <message>
        <source>Exercise…</source>
        <translation>行權…</translation>
    </message>
    <message>
        <source>Plan exercise…</source>
        <translation>行權規劃…</translation>
    </message>
    <message>
        <source>Record leaving…</source>
        <translation>登記離職…</translation>
    </message>
    <message>
        <source>strike %1 + estimated tax %2 (an estimate, not tax advice)</source>
        <translation>行權款 %1 + 估算稅款 %2（僅為估算，不構成稅務建議）</translation>
    </message>
    <message>
        <source>Vested spread: %1</source>
        <translation>已歸屬內在價值：%1</translation>
    </message>
    <message>
        <source>Cash needed to exercise everything exercisable: %1</source>
        <translation>行使全部可行權期權所需現金：%1</translation>
    </message>
    <message>
        <source>%1 days left</source>
        <translation>剩餘 %1 天</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>期權</translation>
    </message>
    <message>
        <source>RSU</source>
        <translation>RSU</translation>
    </message>
    <message>
        <source>%1 delivered</source>
        <translation>已交付 %1</translation>
    </message>
    <message>
        <source>Each vest delivers the vested units as shares of %1, at their value on the vest date; they are counted with that holding.</source>
        <translation>每次歸屬時，已歸屬的單位按歸屬日的價值交付為 %1 的股份，並計入該持倉。</translation>
    </message>
    <message>
        <source>Less than 30 days left to exercise</source>
        <translation>距行權截止不足 30 天</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是有效數字</translation>
    </message>
    <message>
        <source>no exchange rate into the base currency</source>
        <translation>缺少兌換為本位幣的匯率</translation>
    </message>
    <message>
        <source>options %1, holding %2, paper wealth &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>期權 %1，持倉 %2，帳面財富 &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>options %1, paper wealth &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>期權 %1，帳面財富 &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>What if %1 were worth</source>
        <translation>假如 %1 的價格為</translation>
    </message>
    <message>
        <source>price per share in %1</source>
        <translation>每股價格（%1）</translation>
    </message>
    <message>
        <source>%1 a share</source>
        <translation>%1／股</translation>
    </message>
    <message>
        <source>Vesting of %1</source>
        <translation>%1 的歸屬進度</translation>
    </message>
    <message>
        <source>forfeited</source>
        <translation>作廢</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>left</source>
        <translation>離職</translation>
    </message>
</context>
<context>
    <name>HoldingDialog</name>
    <message>
        <source>Acquired</source>
        <translation>取得日期</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Cost per share</source>
        <translation>每股成本</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>估值紀錄</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>交易紀錄</translation>
    </message>
    <message>
        <source>Add lock-up…</source>
        <translation>新增禁售期…</translation>
    </message>
    <message>
        <source>Discount and staleness…</source>
        <translation>折讓與過期…</translation>
    </message>
    <message>
        <source>Convert at IPO…</source>
        <translation>上市轉換…</translation>
    </message>
    <message>
        <source>Value range…</source>
        <translation>價值區間…</translation>
    </message>
    <message>
        <source>%1 locked, %2 tradable</source>
        <translation>禁售期內 %1 股，可交易 %2 股</translation>
    </message>
    <message>
        <source>mark %1 less %2% discount</source>
        <translation>估值 %1，扣除 %2% 折讓</translation>
    </message>
    <message>
        <source>mark is %1 days old</source>
        <translation>估值距今 %1 天</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>過期</translation>
    </message>
    <message>
        <source>price per share</source>
        <translation>每股價格</translation>
    </message>
    <message>
        <source>or valuation</source>
        <translation>或估值總額</translation>
    </message>
    <message>
        <source>÷ fully diluted shares</source>
        <translation>÷ 完全攤薄股數</translation>
    </message>
    <message>
        <source>What if:</source>
        <translation>假設：</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是有效數字</translation>
    </message>
    <message>
        <source>no exchange rate into the base currency</source>
        <translation>缺少兌換為本位幣的匯率</translation>
    </message>
    <message>
        <source>at %1: holding %2 (%3), paper wealth %4</source>
        <translation>按 %1 計：持倉 %2（%3），帳面財富 %4</translation>
    </message>
    <message>
        <source>Add mark…</source>
        <translation>新增估值…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編輯…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
</context>
<context>
    <name>HoldingsModel</name>
    <message>
        <source>Symbol</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>禁售期內</translation>
    </message>
    <message>
        <source>Avg cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>現價</translation>
    </message>
    <message>
        <source>Price date</source>
        <translation>價格日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>來源</translation>
    </message>
    <message>
        <source>Market value</source>
        <translation>市值</translation>
    </message>
    <message>
        <source>Unrealized</source>
        <translation>未實現收益</translation>
    </message>
    <message>
        <source>Unrealized %</source>
        <translation>未實現收益率</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>佔比</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>quote</source>
        <translation>行情</translation>
    </message>
    <message>
        <source>mark</source>
        <translation>估值</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>過期</translation>
    </message>
    <message>
        <source>%1 tradable now</source>
        <translation>現可交易 %1 股</translation>
    </message>
    <message>
        <source>No price yet: valued at cost</source>
        <translation>尚無價格：以成本計值</translation>
    </message>
</context>
<context>
    <name>ImportProgressDialog</name>
    <message>
        <source>Import transactions</source>
        <translation>匯入交易</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在讀取檔案…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Checking positions…</source>
        <translation>正在檢查持倉…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在儲存…</translation>
    </message>
    <message>
        <source>%1 of %2 MB</source>
        <translation>%1 / %2 MB</translation>
    </message>
    <message>
        <source>%1 of %2 holdings</source>
        <translation>%1 / %2 個持倉</translation>
    </message>
</context>
<context>
    <name>ImportSkips</name>
    <message>
        <source>option trade</source>
        <translation>選擇權交易</translation>
    </message>
    <message>
        <source>futures trade</source>
        <translation>期貨交易</translation>
    </message>
    <message>
        <source>forex conversion</source>
        <translation>外匯兌換</translation>
    </message>
    <message>
        <source>trade of another asset class</source>
        <translation>其他資產類別的交易</translation>
    </message>
    <message>
        <source>deposit or withdrawal</source>
        <translation>存提款</translation>
    </message>
    <message>
        <source>interest payment</source>
        <translation>利息</translation>
    </message>
    <message>
        <source>fee</source>
        <translation>費用</translation>
    </message>
    <message>
        <source>tax payment</source>
        <translation>稅款</translation>
    </message>
    <message>
        <source>liability</source>
        <translation>負債</translation>
    </message>
    <message>
        <source>holding moved out</source>
        <translation>轉出的持股</translation>
    </message>
    <message>
        <source>other cash movement</source>
        <translation>其他現金變動</translation>
    </message>
    <message>
        <source>cancelled trade</source>
        <translation>已取消的交易</translation>
    </message>
    <message>
        <source>row the file lists again</source>
        <translation>檔案中重複列出的列</translation>
    </message>
    <message>
        <source>valuable item</source>
        <translation>貴重物品</translation>
    </message>
    <message>
        <source>cash holding row</source>
        <translation>現金持股列</translation>
    </message>
    <message>
        <source>row the mapping skips</source>
        <translation>設為略過的類型</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%2 %1 列</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>已略過：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no meaning yet: choose one on the Types tab</source>
        <translation>「%1」尚未指定含義：請在「類型」頁選擇</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>「%1」不是數字</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a date in the form %2</source>
        <translation>「%1」不是 %2 格式的日期</translation>
    </message>
    <message>
        <source>the file has no column &apos;%1&apos;</source>
        <translation>檔案中沒有「%1」欄</translation>
    </message>
    <message>
        <source>line %1 is not %2 text: choose another encoding</source>
        <translation>第 %1 行不是 %2 文字：請選擇其他編碼</translation>
    </message>
    <message>
        <source>the file cancels %1 (%2): the stored trade is removed</source>
        <translation>檔案撤銷了 %1（%2）：已存的這筆交易將被刪除</translation>
    </message>
    <message>
        <source>the file cancels %1, which is not in the ledger: nothing to remove</source>
        <translation>檔案撤銷了 %1，但它不在帳本中：無需刪除</translation>
    </message>
    <message>
        <source>line %1: a cancellation of %2 on %3 matches no trade in the file; nothing removed</source>
        <translation>第 %1 行：%3 對 %2 的撤單在檔案中找不到對應的交易；未刪除任何內容</translation>
    </message>
    <message>
        <source>symbol %1 on %2 is not mapped to a Yahoo symbol; kept as %3</source>
        <translation>%2 上的代碼 %1 沒有對應的雅虎代碼；保留為 %3</translation>
    </message>
    <message>
        <source>line %1: Withholding Tax of %2 on %3 %4 matches no dividend in this file: not applied (if that dividend is in the ledger, edit its fees)</source>
        <translation>第 %1 行：%3 在 %4 的預扣稅 %2 在此檔案中找不到對應的股息：未計入（若該股息已在帳本中，請修改其手續費）</translation>
    </message>
    <message>
        <source>line %1: the dividend %2 (%3 %4) is in the ledger with fees %5; the file gives %6 (its withholding tax): not applied, edit the stored dividend&apos;s fees</source>
        <translation>第 %1 行：股息 %2（%3，%4）已在帳本中，手續費為 %5；檔案給出 %6（其預扣稅）：未計入，請修改已存股息的手續費</translation>
    </message>
    <message>
        <source>holdings moved out (TRANSFER_OUT, REMOVE_HOLDING) were skipped: those holdings will differ from Wealthfolio&apos;s</source>
        <translation>轉出的持倉（TRANSFER_OUT、REMOVE_HOLDING）已略過：這些持倉將與 Wealthfolio 中的不同</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import transactions</source>
        <translation>匯入交易</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>匯入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>1. Choose the file</source>
        <translation>1. 選擇檔案</translation>
    </message>
    <message>
        <source>2. Say what its columns are</source>
        <translation>2. 說明各欄的含義</translation>
    </message>
    <message>
        <source>3. Check what will be imported</source>
        <translation>3. 檢查將要匯入的內容</translation>
    </message>
    <message>
        <source>Exports (*.csv *.txt *.xml *.json);;All files (*)</source>
        <translation>匯出檔案 (*.csv *.txt *.xml *.json);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>read through your mapping</source>
        <translation>按你的對應讀取</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Cancelled: nothing was read.</source>
        <translation>已取消：未讀取任何內容。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Paper Wealth</source>
        <translation>帳面財富</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>載入中…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>總覽</translation>
    </message>
    <message>
        <source>Holdings</source>
        <translation>持倉</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>交易紀錄</translation>
    </message>
    <message>
        <source>Grants</source>
        <translation>授予紀錄</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>績效</translation>
    </message>
    <message>
        <source>Refresh prices</source>
        <translation>更新價格</translation>
    </message>
    <message>
        <source>Cancel refresh</source>
        <translation>取消更新</translation>
    </message>
    <message>
        <source>Add transaction…</source>
        <translation>新增交易…</translation>
    </message>
    <message>
        <source>Edit transaction…</source>
        <translation>編輯交易…</translation>
    </message>
    <message>
        <source>Delete transaction</source>
        <translation>刪除交易</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>復原</translation>
    </message>
    <message>
        <source>Export transactions (CSV)…</source>
        <translation>匯出交易（CSV）…</translation>
    </message>
    <message>
        <source>Export holdings (CSV)…</source>
        <translation>匯出持倉（CSV）…</translation>
    </message>
    <message>
        <source>Load the demo portfolio</source>
        <translation>載入範例組合</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>立即備份…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>從備份還原…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>結束</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Prices</source>
        <translation>價格(&amp;P)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具列</translation>
    </message>
    <message>
        <source>This ledger is read-only here: its base currency, cost method and staleness are shown but cannot be changed.</source>
        <translation>此帳本在這裡為唯讀：其基準貨幣、成本計算方法和過期設定僅供檢視，無法修改。</translation>
    </message>
    <message>
        <source>settings change</source>
        <translation>變更設定</translation>
    </message>
    <message>
        <source>Undone, except what another program changed in the ledger since this window saved it, which keeps its newer value: %1</source>
        <translation>已復原；但在本視窗儲存之後，另一個程式又更改了以下設定，它們保留較新的值：%1</translation>
    </message>
    <message>
        <source>Total paper wealth</source>
        <translation>帳面財富總額</translation>
    </message>
    <message>
        <source>Since previous close</source>
        <translation>較昨收</translation>
    </message>
    <message>
        <source>Unrealized gain</source>
        <translation>未實現收益</translation>
    </message>
    <message>
        <source>Realized gain</source>
        <translation>已實現收益</translation>
    </message>
    <message>
        <source>Top holdings</source>
        <translation>主要持倉</translation>
    </message>
    <message>
        <source>Coming up</source>
        <translation>即將到來</translation>
    </message>
    <message>
        <source>Filter holdings (symbol, name, class)…</source>
        <translation>篩選持倉（代碼、名稱、類別）…</translation>
    </message>
    <message>
        <source>Double-click a holding to open its page.</source>
        <translation>按兩下持倉可查看詳情。</translation>
    </message>
    <message>
        <source>Filter transactions…</source>
        <translation>篩選交易…</translation>
    </message>
    <message>
        <source>a calculation failed (%1)</source>
        <translation>計算失敗（%1）</translation>
    </message>
    <message>
        <source>This ledger could not be valued: %1. Its transactions are listed so that you can correct or delete the one at fault.</source>
        <translation>無法為此帳本估值：%1。下面列出了它的交易紀錄，您可以更正或刪除出錯的那一筆。</translation>
    </message>
    <message>
        <source>Updated with changes made outside this window.</source>
        <translation>已更新：顯示在此視窗之外所做的變更。</translation>
    </message>
    <message>
        <source>MOIC %1x</source>
        <translation>MOIC %1x</translation>
    </message>
    <message>
        <source>XIRR %1</source>
        <translation>XIRR %1</translation>
    </message>
    <message>
        <source>Liquid now</source>
        <translation>可即時變現</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>禁售期內</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>未上市</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>期權</translation>
    </message>
    <message>
        <source>cash to exercise %1</source>
        <translation>行權所需現金 %1</translation>
    </message>
    <message>
        <source>No holdings yet.</source>
        <translation>尚無持倉。</translation>
    </message>
    <message>
        <source>Value over time</source>
        <translation>價值走勢</translation>
    </message>
    <message>
        <source>Holdings with a value range at their low and high (holdings with no price count 0 at the low)</source>
        <translation>設有價值區間的持倉按其最低和最高價值計算（無價格的持倉在最低情形下計為 0）</translation>
    </message>
    <message>
        <source>Vested options (spread)</source>
        <translation>已歸屬期權（內在價值）</translation>
    </message>
    <message>
        <source>strike %1 + estimated tax %2, an estimate</source>
        <translation>行權款 %1 + 估算稅款 %2，僅為估算</translation>
    </message>
    <message>
        <source>Loading the value history…</source>
        <translation>正在載入價值走勢…</translation>
    </message>
    <message>
        <source>%1 has no price yet: valued at cost</source>
        <translation>%1 尚無價格：按成本計價</translation>
    </message>
    <message>
        <source>No %1 to %2 exchange rate for %3: left out of the totals</source>
        <translation>缺少 %1 兌 %2 的匯率，%3 未計入合計</translation>
    </message>
    <message>
        <source>Grant %1: no price of %2 on or before %3, so the shares delivered that day are counted at a cost of 0</source>
        <translation>授予 %1：%3 或之前沒有 %2 的價格，因此當天交付的股份按成本 0 計算</translation>
    </message>
    <message>
        <source>Grant %1: no price of %2 on %3 vest dates from %4, so the shares delivered then are counted at a cost of 0</source>
        <translation>授予 %1：%2 有 %3 個歸屬日（自 %4 起）沒有價格，因此當時交付的股份按成本 0 計算</translation>
    </message>
    <message>
        <source>Grant %1: the buy of %2 %3 on %4 matches a vest the grant already delivers, so those shares count twice. If it records the vest, delete it.</source>
        <translation>授予 %1：%4 買入的 %2 股 %3 與該授予已交付的一次歸屬相同，這些股份被重複計算。若這筆買入記錄的就是該次歸屬，請將其刪除。</translation>
    </message>
    <message>
        <source>Grant %1: %2 has no price, so its value is unknown</source>
        <translation>授予 %1：%2 尚無價格，價值未知</translation>
    </message>
    <message>
        <source>range %1 – %2</source>
        <translation>區間 %1 – %2</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>%1 天後</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>%1 days ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <source>Nothing due.</source>
        <translation>尚無即將到來的事項。</translation>
    </message>
    <message>
        <source>Today is the last day to exercise %2 (%3 exercisable). After it, what is not exercised is lost.</source>
        <translation>今天是行權 %2 的最後一天（%3 股可行權）。過期後未行權的部分將作廢。</translation>
    </message>
    <message>
        <source>Exercise deadline in %1 days: %2 (%3 exercisable). After it, what is not exercised is lost.</source>
        <translation>距行權截止日還有 %1 天：%2（可行權 %3 股）。逾期未行權的部分將失效。</translation>
    </message>
    <message>
        <source>Cash needed to exercise: %1.</source>
        <translation>行權所需現金：%1。</translation>
    </message>
    <message>
        <source>Plan exercise…</source>
        <translation>行權規劃…</translation>
    </message>
    <message>
        <source>Mark is stale</source>
        <translation>估值已過期</translation>
    </message>
    <message>
        <source>%1 shares delivered (%2)</source>
        <translation>交付 %1 股（%2）</translation>
    </message>
    <message>
        <source>%1 shares (%2)</source>
        <translation>%1 股（%2）</translation>
    </message>
    <message>
        <source>%1 exercisable (%2)</source>
        <translation>可行權 %1 股（%2）</translation>
    </message>
    <message>
        <source>%1 shares become tradable</source>
        <translation>%1 股解禁可交易</translation>
    </message>
    <message>
        <source>refresh the mark</source>
        <translation>請更新估值</translation>
    </message>
    <message>
        <source>Prices as of %1</source>
        <translation>價格截至 %1</translation>
    </message>
    <message>
        <source>Prices as of %1 (1 day old)</source>
        <translation>價格截至 %1（1 天前）</translation>
    </message>
    <message>
        <source>Prices as of %1 (%2 days old)</source>
        <translation>價格截至 %1（%2 天前）</translation>
    </message>
    <message>
        <source>No market prices yet</source>
        <translation>尚無行情</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>離線</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>復原%1</translation>
    </message>
    <message>
        <source>Loading the transactions…</source>
        <translation>正在載入交易紀錄…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>匯入…</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔案 (*.csv)</translation>
    </message>
    <message>
        <source>add transaction</source>
        <translation>新增交易</translation>
    </message>
    <message>
        <source>Transaction added.</source>
        <translation>已新增交易。</translation>
    </message>
    <message>
        <source>Select a transaction first.</source>
        <translation>請先選取一筆交易。</translation>
    </message>
    <message>
        <source>edit transaction</source>
        <translation>編輯交易</translation>
    </message>
    <message>
        <source>Delete the %1 of %2 %3 on %4?</source>
        <translation>確定刪除 %4 的這筆%1（%3，數量 %2）嗎？</translation>
    </message>
    <message>
        <source>You can undo this.</source>
        <translation>此操作可復原。</translation>
    </message>
    <message>
        <source>delete transaction</source>
        <translation>刪除交易</translation>
    </message>
    <message>
        <source>Transaction deleted. Ctrl+Z undoes it.</source>
        <translation>已刪除交易。按 Ctrl+Z 可復原。</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已復原：%1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was imported.</source>
        <translation>匯入已取消，未匯入任何內容。</translation>
    </message>
    <message>
        <source>Imported %1 transactions.</source>
        <translation>已匯入 %1 筆交易。</translation>
    </message>
    <message>
        <source>%1 were already in the ledger.</source>
        <translation>%1 筆已在帳本中。</translation>
    </message>
    <message>
        <source>Removed as cancelled by the file: %1.</source>
        <translation>依檔案中的撤單刪除：%1 筆。</translation>
    </message>
    <message>
        <source>import of %1 transactions</source>
        <translation>匯入 %1 筆交易</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>無法寫入 %1：%2</translation>
    </message>
    <message>
        <source>%1 is this ledger&apos;s database file: writing there would destroy your data. Nothing was written; choose another file.</source>
        <translation>%1 是本帳本的資料庫檔案：寫入會毀掉你的資料。未寫入任何內容；請選擇其他檔案。</translation>
    </message>
    <message>
        <source>%1 belongs to this ledger&apos;s database (%2): writing there would damage your data. Nothing was written; choose another file.</source>
        <translation>%1 屬於本帳本的資料庫（%2）：寫入會損壞你的資料。未寫入任何內容；請選擇其他檔案。</translation>
    </message>
    <message>
        <source>%1 is in this ledger&apos;s backups folder (%2). Nothing was written; choose another folder.</source>
        <translation>%1 位於本帳本的備份資料夾（%2）中。未寫入任何內容；請選擇其他資料夾。</translation>
    </message>
    <message>
        <source>Export transactions</source>
        <translation>匯出交易</translation>
    </message>
    <message>
        <source>Exported %1 transactions.</source>
        <translation>已匯出 %1 筆交易。</translation>
    </message>
    <message>
        <source>Export holdings</source>
        <translation>匯出持倉</translation>
    </message>
    <message>
        <source>Exported %1 holdings.</source>
        <translation>已匯出 %1 項持倉。</translation>
    </message>
    <message>
        <source>Backup written: %1</source>
        <translation>已寫入備份：%1</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>從備份還原</translation>
    </message>
    <message>
        <source>Paper Wealth databases (*.sqlite3)</source>
        <translation>帳面財富資料庫 (*.sqlite3)</translation>
    </message>
    <message>
        <source>Replace the current data with %1? A copy of the current data is kept in the backups folder.</source>
        <translation>要以 %1 取代目前的資料嗎？目前資料的副本會保留在備份資料夾中。</translation>
    </message>
    <message>
        <source>Not restored: the file failed its check (%1).</source>
        <translation>未還原：該檔案未通過檢查（%1）。</translation>
    </message>
    <message>
        <source>Restored from %1.</source>
        <translation>已從 %1 還原。</translation>
    </message>
    <message>
        <source>Refreshing prices…</source>
        <translation>正在更新價格…</translation>
    </message>
    <message>
        <source>Refreshing prices… %1 (%2 of %3)</source>
        <translation>正在更新價格… %1（%2/%3）</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Offline: Yahoo Finance could not be reached. Stored prices are unchanged.</source>
        <translation>離線：無法連線至 Yahoo Finance，已儲存的價格維持不變。</translation>
    </message>
    <message>
        <source>Refreshed %1 of %2.</source>
        <translation>已更新 %1/%2 個標的。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗：%1</translation>
    </message>
    <message>
        <source>(cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message>
        <source>add mark</source>
        <translation>新增估值</translation>
    </message>
    <message>
        <source>Mark added.</source>
        <translation>已新增估值。</translation>
    </message>
    <message>
        <source>Mark updated.</source>
        <translation>已更新估值。</translation>
    </message>
    <message>
        <source>Delete the mark of %1 on %2?</source>
        <translation>確定刪除 %1 在 %2 的估值嗎？</translation>
    </message>
    <message>
        <source>Delete mark</source>
        <translation>刪除估值</translation>
    </message>
    <message>
        <source>delete mark</source>
        <translation>刪除估值</translation>
    </message>
    <message>
        <source>Mark deleted. Ctrl+Z undoes it.</source>
        <translation>已刪除估值。按 Ctrl+Z 可復原。</translation>
    </message>
    <message>
        <source>Lock-up recorded.</source>
        <translation>已記錄禁售期。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>設定已儲存。</translation>
    </message>
    <message>
        <source>Value range saved.</source>
        <translation>已儲存價值區間。</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 已轉換為 %2。</translation>
    </message>
    <message>
        <source>%1

Add the shares of %2 to %3 anyway? Do so only when these shares really became %3 (unlisted shares of a listed company turning into listed ones, say).</source>
        <translation>%1

仍要把 %2 的股份併入 %3 嗎？只有當這些股份確實成為了 %3（例如已上市公司的未上市股份轉為上市股份）時才這樣做。</translation>
    </message>
    <message>
        <source>Convert into a listing already held</source>
        <translation>轉換為已持有的上市股票</translation>
    </message>
    <message>
        <source>Grant %1 recorded.</source>
        <translation>已記錄授予 %1。</translation>
    </message>
    <message>
        <source>Exercised %1 from grant %2.</source>
        <translation>已從授予 %2 行權 %1 股。</translation>
    </message>
    <message>
        <source>Encrypt the ledger</source>
        <translation>加密帳本</translation>
    </message>
    <message>
        <source>Encrypt %1 and its backups with this password? Without the password nobody can open them, and a lost password cannot be recovered.</source>
        <translation>用此密碼加密 %1 及其備份？沒有密碼，任何人都無法開啟它們；密碼遺失後無法找回。</translation>
    </message>
    <message>
        <source>The ledger is encrypted; its unencrypted backups were deleted.</source>
        <translation>帳本已加密；其未加密的備份已刪除。</translation>
    </message>
    <message>
        <source>The ledger and its backups are encrypted.</source>
        <translation>帳本及其備份已加密。</translation>
    </message>
    <message>
        <source>Also encrypt the %1 backups already in %2? If not, they are deleted: an unencrypted backup would leave the ledger readable.</source>
        <translation>同時加密 %2 中已有的 %1 個備份嗎？如果不加密，它們將被刪除：未加密的備份會讓帳本內容可被讀取。</translation>
    </message>
    <message>
        <source>Delete the %1 unencrypted backups in %2? This cannot be undone.</source>
        <translation>刪除 %2 中的 %1 個未加密備份嗎？此操作無法復原。</translation>
    </message>
    <message>
        <source>Change the password</source>
        <translation>變更密碼</translation>
    </message>
    <message>
        <source>Encrypt %1 with the new password? Its backups keep the password they were made with.</source>
        <translation>用新密碼加密 %1？其備份仍使用製作時的密碼。</translation>
    </message>
    <message>
        <source>The password was changed.</source>
        <translation>密碼已變更。</translation>
    </message>
    <message>
        <source>Decrypt the ledger</source>
        <translation>解密帳本</translation>
    </message>
    <message>
        <source>Store %1 and its backups unencrypted? Anyone who copies the files can then read them.</source>
        <translation>以不加密的方式儲存 %1 及其備份？之後任何複製這些檔案的人都能讀取它們。</translation>
    </message>
    <message>
        <source>The ledger is no longer encrypted.</source>
        <translation>帳本已不再加密。</translation>
    </message>
    <message>
        <source>The password is no longer remembered on this computer.</source>
        <translation>本機已不再記住該密碼。</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Columns</source>
        <translation>欄</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>讀取</translation>
    </message>
    <message>
        <source>Types</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>A name, e.g. Futu HK</source>
        <translation>名稱，例如 富途港股</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>儲存對應</translation>
    </message>
    <message>
        <source>The first rows, read with this mapping:</source>
        <translation>按此對應讀取的前幾列：</translation>
    </message>
    <message>
        <source>Save for next time as:</source>
        <translation>儲存以便下次使用，名稱：</translation>
    </message>
    <message>
        <source>…or one for every row</source>
        <translation>…或所有資料列統一為</translation>
    </message>
    <message>
        <source>Transaction ID</source>
        <translation>成交編號</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>編碼</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自動偵測</translation>
    </message>
    <message>
        <source>GB18030 / GBK (Simplified Chinese)</source>
        <translation>GB18030 / GBK（簡體中文）</translation>
    </message>
    <message>
        <source>Big5 (Traditional Chinese)</source>
        <translation>Big5（繁體中文）</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>分隔符號</translation>
    </message>
    <message>
        <source>Comma ,</source>
        <translation>逗號 ,</translation>
    </message>
    <message>
        <source>Semicolon ;</source>
        <translation>分號 ;</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>定位字元</translation>
    </message>
    <message>
        <source>Vertical bar |</source>
        <translation>直線 |</translation>
    </message>
    <message>
        <source>Lines before the header</source>
        <translation>表頭前的列數</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>日期格式</translation>
    </message>
    <message>
        <source>2026-01-31 (ISO)</source>
        <translation>2026-01-31（ISO）</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>數字格式</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>As written</source>
        <translation>保持原樣</translation>
    </message>
    <message>
        <source>Hong Kong (700 → 0700.HK)</source>
        <translation>港股（700 → 0700.HK）</translation>
    </message>
    <message>
        <source>Shanghai (600519 → 600519.SS)</source>
        <translation>上海（600519 → 600519.SS）</translation>
    </message>
    <message>
        <source>Shenzhen (000001 → 000001.SZ)</source>
        <translation>深圳（000001 → 000001.SZ）</translation>
    </message>
    <message>
        <source>Asset class</source>
        <translation>資產類別</translation>
    </message>
    <message>
        <source>Listed</source>
        <translation>上市</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>未上市</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>檔案中</translation>
    </message>
    <message>
        <source>Means</source>
        <translation>含義</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（請選擇）</translation>
    </message>
    <message>
        <source>Skip these rows</source>
        <translation>略過這些資料列</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在讀取檔案…</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（無）</translation>
    </message>
    <message>
        <source>Tick every column that holds a fee: they are added up.</source>
        <translation>勾選每個費用欄：各欄會相加。</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Choose the type column on the Columns tab first.</source>
        <translation>請先在「欄」頁選擇類型欄。</translation>
    </message>
    <message>
        <source>The type column is empty in the first rows.</source>
        <translation>前幾列的類型欄是空的。</translation>
    </message>
    <message>
        <source>What each type in the file means:</source>
        <translation>檔案中每種類型的含義：</translation>
    </message>
    <message>
        <source>Choose a column for: %1.</source>
        <translation>請為以下欄位選擇欄：%1。</translation>
    </message>
    <message>
        <source>Choose the currency column, or one currency for every row.</source>
        <translation>請選擇幣別欄，或為所有資料列指定一種幣別。</translation>
    </message>
    <message>
        <source>Say what the file&apos;s types mean (Types tab).</source>
        <translation>請說明檔案中各類型的含義（「類型」頁）。</translation>
    </message>
    <message>
        <source>The file cannot be read this way: %1</source>
        <translation>無法以此方式讀取檔案：%1</translation>
    </message>
    <message>
        <source>Skipped (%1)</source>
        <translation>已略過（%1）</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行號</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>說明</translation>
    </message>
    <message>
        <source>%1 of the first %2 rows have a problem. Line %3: %4</source>
        <translation>前 %2 列中有 %1 列有問題。第 %3 行：%4</translation>
    </message>
    <message>
        <source>The first %1 rows read well.</source>
        <translation>前 %1 列都能正確讀取。</translation>
    </message>
    <message>
        <source>A name is letters, digits, spaces and - _ . (at most 64).</source>
        <translation>名稱只能包含字母、數字、空格和 - _ .（最多 64 個字元）。</translation>
    </message>
    <message>
        <source>Saved as “%1”: offered next time.</source>
        <translation>已儲存為「%1」：下次可直接選用。</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>New password</source>
        <translation>新密碼</translation>
    </message>
    <message>
        <source>The same again</source>
        <translation>再輸入一次</translation>
    </message>
    <message>
        <source>Enter the new password.</source>
        <translation>請輸入新密碼。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>兩次輸入的密碼不一致。</translation>
    </message>
    <message>
        <source>The password cannot hold a NUL character.</source>
        <translation>密碼不能包含 NUL 字元。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Encrypted ledger</source>
        <translation>已加密的帳本</translation>
    </message>
    <message>
        <source>The ledger %1 is encrypted. Enter its password to open it.</source>
        <translation>帳本 %1 已加密。請輸入密碼以開啟它。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Remember on this computer (in the system keychain)</source>
        <translation>在本機記住（儲存在系統鑰匙圈中）</translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation>請輸入密碼。</translation>
    </message>
    <message>
        <source>Wrong password. Try again (or Cancel: nothing is changed).</source>
        <translation>密碼錯誤。請重試（或取消：不會有任何變更）。</translation>
    </message>
</context>
<context>
    <name>PerformancePage</name>
    <message>
        <source>Nothing to measure in this period.</source>
        <translation>此期間沒有可計算的資料。</translation>
    </message>
    <message>
        <source>Portfolio</source>
        <translation>組合</translation>
    </message>
    <message>
        <source>day %1</source>
        <translation>當日 %1</translation>
    </message>
    <message>
        <source>Holdings only: options are not included in the value or the returns.</source>
        <translation>僅含持倉：期權不計入市值和報酬。</translation>
    </message>
    <message>
        <source>Time-weighted return leaves out when money came in and out; XIRR counts it.</source>
        <translation>時間加權報酬率不受資金進出時點影響；XIRR 則計入。</translation>
    </message>
    <message>
        <source>PME above 1 beat the index.</source>
        <translation>PME 大於 1 即跑贏指數。</translation>
    </message>
    <message>
        <source>A benchmark&apos;s return is in the index&apos;s own currency.</source>
        <translation>比較指數的報酬以該指數本身的貨幣計算。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>From</source>
        <translation>從</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Show range</source>
        <translation>顯示區間</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>Time-weighted return %1</source>
        <translation>時間加權報酬率 %1</translation>
    </message>
    <message>
        <source>annualised %1</source>
        <translation>年化 %1</translation>
    </message>
    <message>
        <source>XIRR %1</source>
        <translation>XIRR %1</translation>
    </message>
    <message>
        <source>%1: no closes for this period (refresh prices)</source>
        <translation>%1：此期間沒有收盤價（請重新整理價格）</translation>
    </message>
    <message>
        <source>%1 %2, PME %3</source>
        <translation>%1 %2，PME %3</translation>
    </message>
    <message>
        <source>Some money or values have no exchange rate into %1 on their day and are left out of these returns (refresh prices to fetch the rates).</source>
        <translation>部分資金或市值在當日沒有換算為 %1 的匯率，未計入本期報酬（請重新整理價格以取得匯率）。</translation>
    </message>
    <message>
        <source>PME vs %1</source>
        <translation>PME（對比 %1）</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>持倉</translation>
    </message>
    <message>
        <source>Time-weighted</source>
        <translation>時間加權報酬率</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Import the rows already in the ledger again</source>
        <translation>再次匯入已在帳本中的資料列</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Already in the ledger</source>
        <translation>已在帳本中</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已略過</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>有問題</translation>
    </message>
    <message>
        <source>%1 new, %2 already in the ledger</source>
        <translation>新增 %1 筆，%2 筆已在帳本中</translation>
    </message>
    <message>
        <source>; cancelled by the file: %1 (removed on import)</source>
        <translation>；檔案撤銷的已存交易：%1 筆（匯入時刪除）</translation>
    </message>
    <message>
        <source>Problems found: %1. Nothing will be imported until they are fixed.</source>
        <translation>發現 %1 個問題。修正之前不會匯入任何內容。</translation>
    </message>
    <message>
        <source>The first %1 are listed.</source>
        <translation>下面列出前 %1 個。</translation>
    </message>
    <message>
        <source>Transactions ready to import: %1.</source>
        <translation>待匯入交易：%1 筆。</translation>
    </message>
    <message>
        <source>Nothing new to import. Importing removes the stored trades the file cancels: %1.</source>
        <translation>沒有新的交易可匯入。匯入將刪除檔案撤銷的已存交易：%1 筆。</translation>
    </message>
    <message>
        <source>The file holds no transactions.</source>
        <translation>檔案中沒有交易。</translation>
    </message>
    <message>
        <source>Nothing new to import: every row is already in the ledger or skipped.</source>
        <translation>沒有新內容可匯入：每一列都已在帳本中或被略過。</translation>
    </message>
    <message>
        <source>The first %1 rows are shown.</source>
        <translation>只顯示前 %1 列。</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行號</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>PriceChart</name>
    <message>
        <source>Prices in %1</source>
        <translation>價格單位：%1</translation>
    </message>
    <message>
        <source>marks</source>
        <translation>估值紀錄</translation>
    </message>
    <message>
        <source>average cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>買入</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>賣出</translation>
    </message>
    <message>
        <source>No prices yet: refresh prices, or add a mark, to draw this chart.</source>
        <translation>尚無價格：更新價格或新增估值後即可繪製此圖表。</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>is required</source>
        <translation>不可為空</translation>
    </message>
    <message>
        <source>is not a date (YYYY-MM-DD)</source>
        <translation>日期格式不正確（應為 YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>is not a real calendar date</source>
        <translation>不是實際存在的日期</translation>
    </message>
    <message>
        <source>is in the future</source>
        <translation>不能晚於今天</translation>
    </message>
    <message>
        <source>is not a number (use digits and a point, e.g. 1234.56)</source>
        <translation>不是有效數字（請使用數字和小數點，如 1234.56）</translation>
    </message>
    <message>
        <source>must be greater than 0</source>
        <translation>必須大於 0</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>不可為負數</translation>
    </message>
    <message>
        <source>is not a valid symbol</source>
        <translation>不是有效的代碼</translation>
    </message>
    <message>
        <source>is not an ISO 4217 currency code (e.g. HKD, USD, CNY)</source>
        <translation>不是 ISO 4217 貨幣代碼（如 HKD, USD, CNY）</translation>
    </message>
    <message>
        <source>is not one of the allowed values</source>
        <translation>不在可選範圍內</translation>
    </message>
    <message>
        <source>is too long</source>
        <translation>內容過長</translation>
    </message>
    <message>
        <source>contains line breaks or control characters</source>
        <translation>包含換行符號或控制字元</translation>
    </message>
    <message>
        <source>a split cannot carry fees</source>
        <translation>拆股交易不可包含手續費</translation>
    </message>
    <message>
        <source>differs from the class this symbol already has</source>
        <translation>與該代碼既有的類別不一致</translation>
    </message>
    <message>
        <source>differs from the currency this symbol is traded in</source>
        <translation>與該代碼的交易幣別不一致</translation>
    </message>
    <message>
        <source>is more than the position held on that date</source>
        <translation>超過當日持倉數量</translation>
    </message>
    <message>
        <source>would leave a later sale larger than the position</source>
        <translation>會導致之後的某筆賣出超過當時持倉</translation>
    </message>
    <message>
        <source>dips into shares locked up until %1 (%2): only %3 can be sold then</source>
        <translation>動用了鎖定至 %1 的股份（%2）：當日最多只能賣出 %3</translation>
    </message>
    <message>
        <source>became %1 at its IPO on %2: record this on %1</source>
        <translation>已於 %2 上市時轉換為 %1：請記在 %1 名下</translation>
    </message>
    <message>
        <source>would leave a later dividend on more shares than held</source>
        <translation>會使之後的一筆股息所涉股數超過持有數量</translation>
    </message>
    <message>
        <source>would make a later sale dip into locked-up shares</source>
        <translation>會使之後的一筆賣出動用鎖定中的股份</translation>
    </message>
    <message>
        <source>is already over</source>
        <translation>已經過去</translation>
    </message>
    <message>
        <source>is after the last locked day</source>
        <translation>晚於禁售的最後一天</translation>
    </message>
    <message>
        <source>is more than the %1 shares held</source>
        <translation>超過持有的 %1 股</translation>
    </message>
    <message>
        <source>is more than the %1 shares bought that day</source>
        <translation>超過當日買入的 %1 股</translation>
    </message>
    <message>
        <source>no shares were bought on that day</source>
        <translation>當日沒有買入</translation>
    </message>
    <message>
        <source>none of these shares are held</source>
        <translation>並未持有該股份</translation>
    </message>
    <message>
        <source>a sale of %1 on %2 would have dipped into this lock-up: give a first locked day after it</source>
        <translation>%2 賣出的 %1 股會動用此鎖定期內的股份：請填寫該日之後的禁售起始日</translation>
    </message>
    <message>
        <source>is outside 0.0000001 to 10000000, where every exchange rate lies</source>
        <translation>不在 0.0000001 至 10000000 之間，任何真實匯率都在此範圍內</translation>
    </message>
    <message>
        <source>is already stored (importing a file twice would double it)</source>
        <translation>已存在（重複匯入同一檔案會造成重複紀錄）</translation>
    </message>
    <message>
        <source>give a price, or a valuation and its fully diluted shares</source>
        <translation>請填寫價格，或填寫估值總額及完全攤薄股數</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>必須為整數</translation>
    </message>
    <message>
        <source>an option needs a strike price</source>
        <translation>期權必須填寫行權價</translation>
    </message>
    <message>
        <source>an RSU has no strike price</source>
        <translation>RSU 沒有行權價，請留空</translation>
    </message>
    <message>
        <source>use letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;</source>
        <translation>只能包含字母、數字、&apos;-&apos;、&apos;_&apos; 或 &apos;.&apos;</translation>
    </message>
    <message>
        <source>the cliff is longer than the vesting</source>
        <translation>懸崖期不能長於歸屬期</translation>
    </message>
    <message>
        <source>is before the grant date</source>
        <translation>不能早於授予日期</translation>
    </message>
    <message>
        <source>must be below 100</source>
        <translation>必須小於 100</translation>
    </message>
    <message>
        <source>is not a percentage from 0 to 100</source>
        <translation>不是 0 到 100 之間的百分比</translation>
    </message>
    <message>
        <source>has an empty symbol (write SYMBOL,SYMBOL,…)</source>
        <translation>含有空白的代碼（請寫成 代碼,代碼,…）</translation>
    </message>
    <message>
        <source>at most 10 symbols</source>
        <translation>最多 10 個代碼</translation>
    </message>
    <message>
        <source>the tax withheld exceeds the gross dividend</source>
        <translation>預扣稅超過了股息總額</translation>
    </message>
    <message>
        <source>the file is larger than %1 MB</source>
        <translation>檔案超過 %1 MB</translation>
    </message>
    <message>
        <source>is not UTF-8 text (save the file as CSV UTF-8)</source>
        <translation>不是 UTF-8 文字（請另存為 CSV UTF-8）</translation>
    </message>
    <message>
        <source>the file is not a CSV text file</source>
        <translation>該檔案不是 CSV 文字檔</translation>
    </message>
    <message>
        <source>cannot be read as CSV</source>
        <translation>無法以 CSV 讀取</translation>
    </message>
    <message>
        <source>the header line is missing (expected: %1)</source>
        <translation>缺少標題列（應為：%1）</translation>
    </message>
    <message>
        <source>unknown column; allowed columns are %1</source>
        <translation>未知欄位；允許的欄位為 %1</translation>
    </message>
    <message>
        <source>appears twice in the header</source>
        <translation>在標題列中出現了兩次</translation>
    </message>
    <message>
        <source>required column is missing</source>
        <translation>缺少必要的欄位</translation>
    </message>
    <message>
        <source>has %1 fields but the header has %2</source>
        <translation>有 %1 個欄位，但標題列有 %2 個</translation>
    </message>
    <message>
        <source>%1 is not in this ledger</source>
        <translation>%1 不在此帳本中</translation>
    </message>
    <message>
        <source>a grant named %1 already exists</source>
        <translation>已有名為 %1 的授予</translation>
    </message>
    <message>
        <source>no grant named %1</source>
        <translation>沒有名為 %1 的授予</translation>
    </message>
    <message>
        <source>an exercise is recorded after the exercise window this would close</source>
        <translation>已記錄的某次行權晚於此設定將結束的行權期</translation>
    </message>
    <message>
        <source>more would be exercised than had vested by then</source>
        <translation>行權數量將超過屆時已歸屬的數量</translation>
    </message>
    <message>
        <source>an RSU is not exercised; its shares arrive as it vests</source>
        <translation>RSU 無需行權：股份隨歸屬入帳</translation>
    </message>
    <message>
        <source>options are exercised in whole shares</source>
        <translation>期權須按整股行權</translation>
    </message>
    <message>
        <source>the exercise deadline was %1</source>
        <translation>行權截止日已於 %1 過去</translation>
    </message>
    <message>
        <source>only %1 are exercisable on %2</source>
        <translation>%2 僅有 %1 股可行權</translation>
    </message>
    <message>
        <source>with the exercise recorded on %1, more than had vested (%2) would be exercised</source>
        <translation>加上 %1 已記錄的行權，行權數量將超過當時已歸屬的 %2 股</translation>
    </message>
    <message>
        <source>%1 has transactions on or after %2; record them on the listed symbol instead</source>
        <translation>%1 在 %2 當天或之後有交易紀錄；請改記在上市代碼上</translation>
    </message>
    <message>
        <source>%1 is a private holding</source>
        <translation>%1 是未上市持倉</translation>
    </message>
    <message>
        <source>%1 was listed on %3 already, before %2: a private holding converts into its own listing at its IPO</source>
        <translation>%1 早在 %3 就已上市，早於 %2：未上市持倉應在自己的 IPO 時轉換為自己的上市代碼</translation>
    </message>
    <message>
        <source>the strike is in %1 but %2 is recorded in %3; record the exercise as a buy instead</source>
        <translation>行權價以 %1 計，但 %2 以 %3 記錄；請改為記錄一筆買入</translation>
    </message>
    <message>
        <source>after this conversion a recorded transaction would be refused: %1</source>
        <translation>轉換後，一筆已記錄的交易將被拒絕：%1</translation>
    </message>
    <message>
        <source>after this conversion RSU vests would be booked differently, and a recorded sale would be refused: %1</source>
        <translation>轉換後，RSU 歸屬的入帳方式將改變，一筆已記錄的賣出將被拒絕：%1</translation>
    </message>
    <message>
        <source>fewer RSUs would be delivered, and then a recorded transaction would be refused: %1</source>
        <translation>入帳的 RSU 將減少，一筆已記錄的交易隨之將被拒絕：%1</translation>
    </message>
    <message>
        <source>that mark no longer exists</source>
        <translation>該估值已不存在</translation>
    </message>
    <message>
        <source>that mark was changed since (by another program): it keeps its newer values, nothing was undone</source>
        <translation>該估值此後已被（另一個程式）修改：保留其較新的值，未復原任何內容</translation>
    </message>
    <message>
        <source>that transaction no longer exists</source>
        <translation>該交易已不存在</translation>
    </message>
    <message>
        <source>that transaction was changed since (by another program): it keeps its newer values, nothing was undone</source>
        <translation>該交易此後已被（另一個程式）更改：保留其較新的值，未復原任何內容</translation>
    </message>
    <message>
        <source>is the same currency as the one converted from</source>
        <translation>與原幣種相同</translation>
    </message>
    <message>
        <source>must differ from the holding converted</source>
        <translation>必須與被轉換的持倉不同</translation>
    </message>
    <message>
        <source>%1 is already listed</source>
        <translation>%1 已經上市</translation>
    </message>
    <message>
        <source>%1 has already been converted</source>
        <translation>%1 已經轉換過</translation>
    </message>
    <message>
        <source>is after the last day</source>
        <translation>晚於結束日期</translation>
    </message>
    <message>
        <source>no %1→%2 rate is stored on or before %3: give one</source>
        <translation>%3 或之前沒有已存的 %1→%2 匯率：請填寫一個</translation>
    </message>
    <message>
        <source>The import cannot be undone; nothing was removed.</source>
        <translation>無法復原此次匯入，未刪除任何內容。</translation>
    </message>
    <message>
        <source>the transactions the import added were changed, deleted or replaced since (by another program): remove them by hand</source>
        <translation>此次匯入新增的交易之後已被（其他程式）修改、刪除或取代：請手動刪除它們</translation>
    </message>
    <message>
        <source>%1 cannot be exercised on %2: %3</source>
        <translation>%1 無法在 %2 行權：%3</translation>
    </message>
    <message>
        <source>an RSU is not exercised; its shares arrive as it vests (it is taxed at each vest)</source>
        <translation>RSU 無需行權；股份隨歸屬到帳（每次歸屬時計稅）</translation>
    </message>
    <message>
        <source>the exercise window after leaving closed on %1</source>
        <translation>離職後的行權窗口已於 %1 關閉</translation>
    </message>
    <message>
        <source>the grant expired on %1</source>
        <translation>該授予已於 %1 到期</translation>
    </message>
    <message>
        <source>everything vested by %1 (%2) is already exercised</source>
        <translation>截至 %1 已歸屬的 %2 股均已行權</translation>
    </message>
    <message>
        <source>nothing has vested by %1</source>
        <translation>截至 %1 尚無歸屬</translation>
    </message>
    <message>
        <source>nothing has vested by %1 (next vest %2)</source>
        <translation>截至 %1 尚無歸屬（下次歸屬 %2）</translation>
    </message>
    <message>
        <source>%1 has no price in %2 on or before %3; give one</source>
        <translation>%1 在 %3 或之前沒有以 %2 計的價格：請填寫一個</translation>
    </message>
    <message>
        <source>only the flat regime takes a rate (%1 has its own table)</source>
        <translation>只有固定稅率才需填寫稅率（%1 有自己的稅率表）</translation>
    </message>
    <message>
        <source>this ledger already holds transactions: load the demo into a new, empty ledger</source>
        <translation>此帳本已有交易：請將示範資料載入一個新的空帳本</translation>
    </message>
    <message>
        <source>is 10x or more away from the stored %1 rate %2 of %3</source>
        <translation>與已存的 %1 匯率 %2（%3）相差 10 倍或以上</translation>
    </message>
    <message>
        <source>is 10x or more away from the stored %1 rate %2 of %3; did you mean %4?</source>
        <translation>與已存的 %1 匯率 %2（%3）相差 10 倍或以上；是否應為 %4？</translation>
    </message>
    <message>
        <source>dips into shares locked up until %1: only %3 can be sold then</source>
        <translation>動用了鎖定至 %1 的股份：當日最多只能賣出 %3</translation>
    </message>
    <message>
        <source>the file appears to be separated by %1; it must be comma-separated</source>
        <translation>檔案似乎以%1分隔；必須以逗號分隔</translation>
    </message>
    <message>
        <source>semicolons</source>
        <translation>分號</translation>
    </message>
    <message>
        <source>tabs</source>
        <translation>定位字元</translation>
    </message>
    <message>
        <source>&apos;%1&apos; %2</source>
        <translation>「%1」%2</translation>
    </message>
    <message>
        <source>the %1 of %2 %3 on %4 (%5)</source>
        <translation>%4 %2 股 %3 的%1（%5）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Still to fill in: %1</source>
        <translation>尚待填寫：%1</translation>
    </message>
</context>
<context>
    <name>SecurityDialog</name>
    <message>
        <source>Security</source>
        <translation>安全性</translation>
    </message>
    <message>
        <source>Encrypt with a password…</source>
        <translation>用密碼加密…</translation>
    </message>
    <message>
        <source>Change the password…</source>
        <translation>變更密碼…</translation>
    </message>
    <message>
        <source>Decrypt…</source>
        <translation>解密…</translation>
    </message>
    <message>
        <source>Forget the password remembered on this computer</source>
        <translation>忘記本機記住的密碼</translation>
    </message>
    <message>
        <source>If the password is lost, the ledger and its encrypted backups cannot be opened by anyone: there is no way to recover it.</source>
        <translation>密碼一旦遺失，任何人都無法開啟帳本及其加密備份：密碼無法找回。</translation>
    </message>
    <message>
        <source>This ledger and its backups are encrypted (SQLCipher, AES-256).</source>
        <translation>此帳本及其備份已加密（SQLCipher，AES-256）。</translation>
    </message>
    <message>
        <source>This ledger is not encrypted: anyone who copies the file can read it.</source>
        <translation>此帳本未加密：任何複製該檔案的人都能讀取它。</translation>
    </message>
    <message>
        <source>It is read-only here, so its protection cannot be changed.</source>
        <translation>它在此處為唯讀，因此無法變更其保護方式。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>FIFO (first in, first out)</source>
        <translation>先進先出（FIFO）</translation>
    </message>
    <message>
        <source>Moving average</source>
        <translation>移動平均</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Red up, green down</source>
        <translation>紅漲綠跌</translation>
    </message>
    <message>
        <source>Green up, red down</source>
        <translation>綠漲紅跌</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟隨系統</translation>
    </message>
    <message>
        <source>Refresh prices when the app starts</source>
        <translation>啟動時自動更新價格</translation>
    </message>
    <message>
        <source>This ledger is open in another window: its base currency, cost method and staleness can be changed there.</source>
        <translation>此帳本已在另一個視窗中開啟：本位幣、成本計算方法與過期門檻請在該處修改。</translation>
    </message>
    <message>
        <source>Base currency</source>
        <translation>本位幣</translation>
    </message>
    <message>
        <source>Cost method</source>
        <translation>成本計算方法</translation>
    </message>
    <message>
        <source>Listed price is stale after</source>
        <translation>上市行情有效期</translation>
    </message>
    <message>
        <source>Private mark is stale after</source>
        <translation>未上市估值有效期</translation>
    </message>
    <message>
        <source>Benchmarks</source>
        <translation>比較基準</translation>
    </message>
    <message>
        <source>Tax regime</source>
        <translation>稅制</translation>
    </message>
    <message>
        <source>Your tax rate (%)</source>
        <translation>自訂稅率（%）</translation>
    </message>
    <message>
        <source>Other income (HKD)</source>
        <translation>其他收入（港元）</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>漲跌顏色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Encryption and password…</source>
        <translation>加密與密碼…</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全性</translation>
    </message>
    <message>
        <source>index symbols, comma-separated (e.g. ^HSI,HSTECH.HK)</source>
        <translation>指數代碼，以逗號分隔（如 ^HSI,HSTECH.HK）</translation>
    </message>
    <message>
        <source>Performance compares your returns with these indexes; each return is in the index&apos;s own currency.</source>
        <translation>績效頁將你的報酬與這些指數比較；每個指數的報酬以其自身貨幣計。</translation>
    </message>
    <message>
        <source>How exercise estimates are taxed (an estimate, not tax advice)</source>
        <translation>行權估算採用的計稅方式（僅為估算，並非稅務建議）</translation>
    </message>
    <message>
        <source>percent, for the flat rate</source>
        <translation>百分比，用於固定稅率</translation>
    </message>
    <message>
        <source>a year&apos;s, for the HK regime</source>
        <translation>全年的，用於香港稅制</translation>
    </message>
    <message>
        <source>Base currency: not an ISO 4217 code (e.g. HKD, USD, CNY)</source>
        <translation>本位幣：不是 ISO 4217 貨幣代碼（如 HKD, USD, CNY）</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The ledger %1 is damaged (%2). It was left untouched.</source>
        <translation>帳本 %1 已損壞（%2）。該檔案未被改動。</translation>
    </message>
    <message>
        <source>No backup of it passes its check (backups folder: %1).</source>
        <translation>它沒有能通過檢查的備份（備份資料夾：%1）。</translation>
    </message>
    <message>
        <source>There is no backup of it: no backups folder exists at %1.</source>
        <translation>它沒有任何備份：%1 處不存在備份資料夾。</translation>
    </message>
    <message>
        <source>%1

Restore the latest good backup (%2)? The damaged file is kept.</source>
        <translation>%1

要還原最近一次完好的備份（%2）嗎？損壞的檔案會被保留。</translation>
    </message>
    <message>
        <source>%1

Beside it are backups of a Paper Wealth ledger. If this file was your ledger, restore the latest good backup (%2)? This file is kept.</source>
        <translation>%1

它旁邊有帳面財富帳本的備份。如果這個檔案原本是你的帳本，要還原最近一次完好的備份（%2）嗎？該檔案會被保留。</translation>
    </message>
    <message>
        <source>%1 is an SQLite file but not a Paper Wealth ledger. It was left untouched.</source>
        <translation>%1 是 SQLite 檔案，但不是帳面財富的帳本。該檔案未被改動。</translation>
    </message>
    <message>
        <source>%1 is not a Paper Wealth ledger (SQLite says: %2). It was left untouched.</source>
        <translation>%1 不是帳面財富的帳本（SQLite 提示：%2）。該檔案未被改動。</translation>
    </message>
    <message>
        <source>%1 was written by a newer version of Paper Wealth (schema %2; this version reads up to %3). It was left untouched: please update Paper Wealth.</source>
        <translation>%1 由更新版本的帳面財富寫入（結構版本 %2；本版本最高只能讀取 %3）。該檔案未被改動：請更新帳面財富。</translation>
    </message>
    <message>
        <source>%1 is a folder, not a ledger file.</source>
        <translation>%1 是資料夾，不是帳本檔案。</translation>
    </message>
    <message>
        <source>%1 is open read-only in this window (another window has it open): nothing was changed.</source>
        <translation>%1 在本視窗以唯讀方式開啟（另一個視窗已開啟它）：未作任何變更。</translation>
    </message>
    <message>
        <source>%1 cannot be changed: the file system holding %2 is mounted read-only, so nothing was changed. Reading it works; to change the ledger, copy it somewhere writable.</source>
        <translation>%1 無法修改：%2 所在的檔案系統以唯讀方式掛載，因此未作任何變更。可以讀取；如需修改帳本，請將其複製到可寫入的位置。</translation>
    </message>
    <message>
        <source>%1 is read-only: nothing was changed. Reading it works; to change the ledger, make the file writable or copy it somewhere writable.</source>
        <translation>%1 為唯讀：未作任何變更。可以讀取；如需修改帳本，請將該檔案設為可寫，或將其複製到可寫的位置。</translation>
    </message>
    <message>
        <source>%1 cannot be changed: its folder %2 is read-only (SQLite writes its -wal and -shm files beside the ledger), so nothing was changed. Reading it works; to change the ledger, make the folder writable or copy the file somewhere writable.</source>
        <translation>%1 無法修改：其所在資料夾 %2 為唯讀（SQLite 需要在帳本旁寫入 -wal 和 -shm 檔案），因此未作任何變更。可以讀取；如需修改帳本，請將該資料夾設為可寫，或將檔案複製到可寫的位置。</translation>
    </message>
    <message>
        <source>Another Paper Wealth window has this database open: this one is read-only. Close the other to make changes.</source>
        <translation>另一個帳面財富視窗已開啟此資料庫：本視窗為唯讀。關閉另一個視窗後才能修改。</translation>
    </message>
    <message>
        <source>The ledger %1 is on a file system mounted read-only: this window only shows it. Copy it somewhere writable and open the copy to make changes.</source>
        <translation>帳本 %1 位於以唯讀方式掛載的檔案系統上：本視窗只能檢視。如需修改，請將其複製到可寫入的位置並開啟該副本。</translation>
    </message>
    <message>
        <source>The ledger file %1 is read-only: this window only shows it. Make the file writable, then reopen Paper Wealth to make changes.</source>
        <translation>帳本檔案 %1 為唯讀：本視窗只能檢視。請將該檔案設為可寫入，然後重新開啟帳面財富才能修改。</translation>
    </message>
    <message>
        <source>The ledger&apos;s folder %1 is read-only (SQLite writes its journal beside the ledger): this window only shows it. Make the folder writable, then reopen Paper Wealth to make changes.</source>
        <translation>帳本所在的資料夾 %1 為唯讀（SQLite 需要在帳本旁寫入日誌檔）：本視窗只能檢視。請將該資料夾設為可寫入，然後重新開啟帳面財富才能修改。</translation>
    </message>
    <message>
        <source>row %2 of the %1 table holds %3, which cannot be read back</source>
        <translation>資料表 %1 的第 %2 列存有無法讀回的值 %3</translation>
    </message>
    <message>
        <source>row %2 of the %1 table cannot be read back</source>
        <translation>資料表 %1 的第 %2 列無法讀回</translation>
    </message>
    <message>
        <source>A ledger cannot be created at %1 (%2).</source>
        <translation>無法在 %1 建立帳本（%2）。</translation>
    </message>
    <message>
        <source>%1 is an empty read-only file, not a ledger: nothing was changed.</source>
        <translation>%1 是唯讀的空檔案，不是帳本：未作任何變更。</translation>
    </message>
    <message>
        <source>%1 was written by an older Paper Wealth (schema %2) and must be upgraded, which cannot be done here. %3</source>
        <translation>%1 由舊版帳面財富寫入（結構版本 %2），需要升級，但在這裡無法升級。%3</translation>
    </message>
    <message>
        <source>A disk is full (the ledger&apos;s, or the one for temporary files): nothing was changed. Free some space and try again.</source>
        <translation>磁碟已滿（帳本所在的磁碟，或存放暫存檔的磁碟）：未作任何變更。請騰出一些空間後再試。</translation>
    </message>
    <message>
        <source>The system refused to write the ledger (a file-size limit or quota reached, or a failing disk): nothing was changed. Fix that and try again.</source>
        <translation>系統拒絕寫入帳本（已達檔案大小上限或磁碟配額，或磁碟故障）：未作任何變更。請排除該問題後再試。</translation>
    </message>
    <message>
        <source>Another program (or another window) kept the ledger busy: nothing was changed. Try again when it is done.</source>
        <translation>另一個程式（或另一個視窗）一直佔用帳本：未作任何變更。請待其完成後再試。</translation>
    </message>
</context>
<context>
    <name>TransactionDialog</name>
    <message>
        <source>Edit transaction</source>
        <translation>編輯交易</translation>
    </message>
    <message>
        <source>Add transaction</source>
        <translation>新增交易</translation>
    </message>
    <message>
        <source>e.g. 2513.HK, 0100, AAPL or a private code like MOONSHOT</source>
        <translation>例如 2513.HK, 0100, AAPL，或自訂的未上市代碼如 MOONSHOT</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Price per share</source>
        <translation>每股價格</translation>
    </message>
    <message>
        <source>Ratio (10 = 1 share becomes 10)</source>
        <translation>拆股比例（10 表示 1 股拆為 10 股）</translation>
    </message>
    <message>
        <source>Shares entitled</source>
        <translation>派息股數</translation>
    </message>
    <message>
        <source>Price (not used)</source>
        <translation>價格（不適用）</translation>
    </message>
    <message>
        <source>Cash per share</source>
        <translation>每股派息</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>（新代碼）</translation>
    </message>
</context>
<context>
    <name>TransactionsModel</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>價格</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>手續費</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>帳戶</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備註</translation>
    </message>
</context>
<context>
    <name>ValueChart</name>
    <message>
        <source>Nothing to chart yet.</source>
        <translation>暫無可繪製的資料。</translation>
    </message>
    <message>
        <source>holdings %1 + options %2</source>
        <translation>持倉 %1 + 期權 %2</translation>
    </message>
</context>
</TS>
