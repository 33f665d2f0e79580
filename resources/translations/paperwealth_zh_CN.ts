<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EmptyState</name>
    <message>
        <source>Welcome to Paper Wealth</source>
        <translation>欢迎使用账面财富</translation>
    </message>
    <message>
        <source>Track listed Hong Kong shares, private old shares and employee options in one place, on your own computer. Nothing leaves it.</source>
        <translation>在你自己的电脑上，一站式追踪港股、未上市老股和员工期权。所有数据仅保存在本地，不会上传。</translation>
    </message>
    <message>
        <source>Load the demo portfolio</source>
        <translation>加载示例组合</translation>
    </message>
    <message>
        <source>Import from a broker or a file…</source>
        <translation>从券商或文件导入…</translation>
    </message>
    <message>
        <source>Add a first transaction…</source>
        <translation>添加第一笔交易…</translation>
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
        <translation>编辑估值</translation>
    </message>
    <message>
        <source>Add mark</source>
        <translation>添加估值</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>期权</translation>
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
        <translation>选填</translation>
    </message>
    <message>
        <source>Add grant</source>
        <translation>添加授予</translation>
    </message>
    <message>
        <source>Exercise %1</source>
        <translation>行权 · %1</translation>
    </message>
    <message>
        <source>Record leaving · %1</source>
        <translation>登记离职 · %1</translation>
    </message>
    <message>
        <source>optional: YYYY-MM-DD</source>
        <translation>可选：YYYY-MM-DD</translation>
    </message>
    <message>
        <source>optional: the whole holding</source>
        <translation>可选：默认整个持仓</translation>
    </message>
    <message>
        <source>e.g. cornerstone, 6 months</source>
        <translation>例如：基石投资者，6 个月</translation>
    </message>
    <message>
        <source>Counted in the shares of the lot day, else of the first locked day: a split after that day scales it.</source>
        <translation>按锁定批次买入日（否则按首个锁定日）的股数计算：此后的拆股会按比例调整。</translation>
    </message>
    <message>
        <source>Add lock-up · %1</source>
        <translation>添加禁售期 · %1</translation>
    </message>
    <message>
        <source>e.g. 2513.HK</source>
        <translation>例如：2513.HK</translation>
    </message>
    <message>
        <source>default: the stored rate of the day</source>
        <translation>默认：当日已存汇率</translation>
    </message>
    <message>
        <source>Convert at IPO · %1</source>
        <translation>上市转换 · %1</translation>
    </message>
    <message>
        <source>empty: the default</source>
        <translation>留空：使用默认值</translation>
    </message>
    <message>
        <source>Discount and staleness · %1</source>
        <translation>折让与过期 · %1</translation>
    </message>
</context>
<context>
    <name>ExercisePlanDialog</name>
    <message>
        <source>PRC individual income tax</source>
        <translation>中国个人所得税</translation>
    </message>
    <message>
        <source>Hong Kong salaries tax</source>
        <translation>香港薪俸税</translation>
    </message>
    <message>
        <source>Flat rate (your own)</source>
        <translation>固定税率（自定）</translation>
    </message>
    <message>
        <source>No tax</source>
        <translation>不计税</translation>
    </message>
    <message>
        <source>equity incentives taxed separately at the annual table with quick deductions (Caishui [2018] No. 164, extended to 2027-12-31 by MOF/STA Announcement 2023 No. 25; Guoshuihan [2006] 902; Caishui [2005] No. 35)</source>
        <translation>股权激励单独计税，适用综合所得年度税率表及速算扣除数（财税〔2018〕164号，经财政部 税务总局公告2023年第25号延续至2027年12月31日；国税函〔2006〕902号；财税〔2005〕35号）</translation>
    </message>
    <message>
        <source>the gain at exercise (IRO s.9(1)(d)), the lower of progressive rates after the basic allowance of HK$132,000 and the standard rate of 15%/16%</source>
        <translation>就行权收益课税（《税务条例》第9(1)(d)条），取扣除基本免税额132,000港元后的累进税率与标准税率（15%/16%）两者中较低者</translation>
    </message>
    <message>
        <source>%1% of the gain, your own rate</source>
        <translation>按收益的 %1% 计税（自定税率）</translation>
    </message>
    <message>
        <source>no tax</source>
        <translation>不计税</translation>
    </message>
    <message>
        <source>Plan exercise · %1</source>
        <translation>行权规划 · %1</translation>
    </message>
    <message>
        <source>the value on the day (%1)</source>
        <translation>当日每股价值（%1）</translation>
    </message>
    <message>
        <source>The ledger&apos;s setting</source>
        <translation>账本设置</translation>
    </message>
    <message>
        <source>percent, for the flat rate</source>
        <translation>百分比，用于固定税率</translation>
    </message>
    <message>
        <source>the ledger&apos;s, for HK</source>
        <translation>账本设置，用于香港</translation>
    </message>
    <message>
        <source>Options to exercise</source>
        <translation>行权数量</translation>
    </message>
    <message>
        <source>Exercise date</source>
        <translation>行权日期</translation>
    </message>
    <message>
        <source>Value per share</source>
        <translation>每股价值</translation>
    </message>
    <message>
        <source>Tax regime</source>
        <translation>税制</translation>
    </message>
    <message>
        <source>Other income (HKD)</source>
        <translation>其他收入（港元）</translation>
    </message>
    <message>
        <source>Your tax rate (%)</source>
        <translation>自定税率（%）</translation>
    </message>
    <message>
        <source>Scenarios: the shares later worth…</source>
        <translation>情景：日后每股价值为…</translation>
    </message>
    <message>
        <source>An estimate, not tax advice. %1, tax year %2: %3</source>
        <translation>仅为估算，不构成税务建议。%1，%2 纳税年度：%3</translation>
    </message>
    <message>
        <source>Strike cost</source>
        <translation>行权成本</translation>
    </message>
    <message>
        <source>Taxable gain</source>
        <translation>应税所得</translation>
    </message>
    <message>
        <source>Estimated tax</source>
        <translation>估算税款</translation>
    </message>
    <message>
        <source>effective rate %1%</source>
        <translation>实际税率 %1%</translation>
    </message>
    <message>
        <source>Cash needed</source>
        <translation>所需现金</translation>
    </message>
    <message>
        <source>(strike %1 + tax %2)</source>
        <translation>（行权款 %1 + 税款 %2）</translation>
    </message>
    <message>
        <source>Value of the shares</source>
        <translation>股份价值</translation>
    </message>
    <message>
        <source>Net gain</source>
        <translation>净收益</translation>
    </message>
    <message>
        <source>Break-even price</source>
        <translation>盈亏平衡价</translation>
    </message>
    <message>
        <source>Exercise deadline</source>
        <translation>行权截止日</translation>
    </message>
    <message>
        <source>Price (%1)</source>
        <translation>价格（%1）</translation>
    </message>
    <message>
        <source>Value (%1)</source>
        <translation>价值（%1）</translation>
    </message>
    <message>
        <source>Net gain (%1)</source>
        <translation>净收益（%1）</translation>
    </message>
    <message>
        <source>break-even %1</source>
        <translation>盈亏平衡 %1</translation>
    </message>
    <message>
        <source>Price per share (%1)</source>
        <translation>每股价格（%1）</translation>
    </message>
    <message>
        <source>Value range · %1</source>
        <translation>价值区间 · %1</translation>
    </message>
    <message>
        <source>Paper wealth is shown from the low to the high value per share (in %1, no discount taken). Leave both empty to remove the range.</source>
        <translation>账面财富将按每股最低至最高价值显示（%1，不计折让）。两项都留空即可删除区间。</translation>
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
        <translation>类型</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Valuation</source>
        <translation>估值总额</translation>
    </message>
    <message>
        <source>Fully diluted shares</source>
        <translation>完全摊薄股数</translation>
    </message>
    <message>
        <source>Share class</source>
        <translation>股份类别</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Grant ID</source>
        <translation>授予编号</translation>
    </message>
    <message>
        <source>Grant date</source>
        <translation>授予日期</translation>
    </message>
    <message>
        <source>Strike</source>
        <translation>行权价</translation>
    </message>
    <message>
        <source>Vesting start</source>
        <translation>归属起始日</translation>
    </message>
    <message>
        <source>Cliff (months)</source>
        <translation>悬崖期（月）</translation>
    </message>
    <message>
        <source>Vesting (months)</source>
        <translation>归属期（月）</translation>
    </message>
    <message>
        <source>Frequency</source>
        <translation>归属频率</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Left the company on</source>
        <translation>离职日期</translation>
    </message>
    <message>
        <source>Exercise window (days)</source>
        <translation>行权窗口（天）</translation>
    </message>
    <message>
        <source>Locked until (last day)</source>
        <translation>禁售至（最后一天）</translation>
    </message>
    <message>
        <source>Only the lots bought on</source>
        <translation>仅限此日买入的批次</translation>
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
        <translation>上市代码</translation>
    </message>
    <message>
        <source>New shares per old share</source>
        <translation>每股旧股转换新股数</translation>
    </message>
    <message>
        <source>Exchange rate (optional)</source>
        <translation>汇率（可选）</translation>
    </message>
    <message>
        <source>Discount to the mark (%)</source>
        <translation>相对估值的折让（%）</translation>
    </message>
    <message>
        <source>Stale after (days)</source>
        <translation>过期天数</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>截至日期</translation>
    </message>
    <message>
        <source>Base currency</source>
        <translation>本位币</translation>
    </message>
    <message>
        <source>Cost method</source>
        <translation>成本计算方法</translation>
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
        <translation>原币种</translation>
    </message>
    <message>
        <source>To currency</source>
        <translation>目标币种</translation>
    </message>
    <message>
        <source>Exchange rate</source>
        <translation>汇率</translation>
    </message>
    <message>
        <source>Holding converted</source>
        <translation>被转换的持仓</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Low value per share</source>
        <translation>每股最低价值</translation>
    </message>
    <message>
        <source>High value per share</source>
        <translation>每股最高价值</translation>
    </message>
    <message>
        <source>Tax regime</source>
        <translation>税制</translation>
    </message>
    <message>
        <source>Your tax rate (%)</source>
        <translation>自定税率（%）</translation>
    </message>
    <message>
        <source>Other income (HKD)</source>
        <translation>其他收入（港元）</translation>
    </message>
    <message>
        <source>Benchmarks</source>
        <translation>比较基准</translation>
    </message>
    <message>
        <source>Scenario price</source>
        <translation>情景价格</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>买入</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>卖出</translation>
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
        <translation>收盘价</translation>
    </message>
    <message>
        <source>funding round</source>
        <translation>融资轮</translation>
    </message>
    <message>
        <source>secondary trade</source>
        <translation>老股交易</translation>
    </message>
    <message>
        <source>bid</source>
        <translation>买价</translation>
    </message>
    <message>
        <source>ask</source>
        <translation>卖价</translation>
    </message>
    <message>
        <source>tender offer</source>
        <translation>要约收购</translation>
    </message>
    <message>
        <source>fund NAV</source>
        <translation>基金净值</translation>
    </message>
    <message>
        <source>fair value</source>
        <translation>公允价值</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动录入</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Left, window open</source>
        <translation>已离职，行权窗口开放中</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已失效</translation>
    </message>
    <message>
        <source>Fully exercised</source>
        <translation>已全部行权</translation>
    </message>
    <message>
        <source>Vests</source>
        <translation>归属</translation>
    </message>
    <message>
        <source>Exercise deadline</source>
        <translation>行权截止日</translation>
    </message>
    <message>
        <source>Lock-up ends</source>
        <translation>禁售期结束</translation>
    </message>
    <message>
        <source>Mark goes stale</source>
        <translation>估值即将过期</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose a file exported from your broker or tracker: a Paper Wealth CSV, an Interactive Brokers Flex Query (XML or CSV), a Ghostfolio export (JSON or CSV), a Wealthfolio CSV, or any other CSV whose columns you map once.</source>
        <translation>选择从券商或记账工具导出的文件：Paper Wealth CSV、盈透证券 Flex Query（XML 或 CSV）、Ghostfolio 导出（JSON 或 CSV）、Wealthfolio CSV，或任何其他 CSV（只需对应一次各列）。</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>尚未选择文件</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Read it as</source>
        <translation>读取方式</translation>
    </message>
    <message>
        <source>Account for rows that name none</source>
        <translation>未注明账户的行记入</translation>
    </message>
    <message>
        <source>Paper Wealth CSV</source>
        <translation>Paper Wealth CSV</translation>
    </message>
    <message>
        <source>Interactive Brokers Flex Query (%1)</source>
        <translation>盈透证券 Flex Query（%1）</translation>
    </message>
    <message>
        <source>Ghostfolio export (%1)</source>
        <translation>Ghostfolio 导出（%1）</translation>
    </message>
    <message>
        <source>Wealthfolio CSV</source>
        <translation>Wealthfolio CSV</translation>
    </message>
    <message>
        <source>Recognised: %1.</source>
        <translation>已识别：%1。</translation>
    </message>
    <message>
        <source>Paper Wealth does not recognise this file (its header: %1). Map its columns in the next step.</source>
        <translation>Paper Wealth 无法识别此文件（表头：%1）。请在下一步对应各列。</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>This %1 file is not an export Paper Wealth recognises, and only a CSV can be mapped.</source>
        <translation>此 %1 文件不是 Paper Wealth 能识别的导出格式，而只有 CSV 可以自行对应各列。</translation>
    </message>
    <message>
        <source>Map the columns myself</source>
        <translation>自行对应各列</translation>
    </message>
    <message>
        <source>Saved mapping: %1</source>
        <translation>已保存的对应：%1</translation>
    </message>
</context>
<context>
    <name>GrantsPage</name>
    <message>
        <source>Grant</source>
        <translation>授予编号</translation>
    </message>
    <message>
        <source>Underlying</source>
        <translation>标的</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>授予日期</translation>
    </message>
    <message>
        <source>Vested</source>
        <translation>已归属</translation>
    </message>
    <message>
        <source>Exercisable</source>
        <translation>可行权</translation>
    </message>
    <message>
        <source>Strike</source>
        <translation>行权价</translation>
    </message>
    <message>
        <source>Cash to exercise</source>
        <translation>行权所需现金</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>内在价值</translation>
    </message>
    <message>
        <source>Next vest</source>
        <translation>下次归属</translation>
    </message>
    <message>
        <source>Deadline / status</source>
        <translation>截止日 / 状态</translation>
    </message>
    <message>
        <source>No grants yet. Record an option or RSU grant to see its vesting, exercise cost and deadlines.</source>
        <translation>暂无授予记录。添加一笔期权或 RSU 授予后，即可查看其归属进度、行权成本和各项截止日期。</translation>
    </message>
    <message>
        <source>Add grant…</source>
        <translation>添加授予…</translation>
    </message>
    <message>
        <source>Exercise…</source>
        <translation>行权…</translation>
    </message>
    <message>
        <source>Plan exercise…</source>
        <translation>行权规划…</translation>
    </message>
    <message>
        <source>Record leaving…</source>
        <translation>登记离职…</translation>
    </message>
    <message>
        <source>strike %1 + estimated tax %2 (an estimate, not tax advice)</source>
        <translation>行权款 %1 + 估算税款 %2（仅为估算，不构成税务建议）</translation>
    </message>
    <message>
        <source>Vested spread: %1</source>
        <translation>已归属内在价值：%1</translation>
    </message>
    <message>
        <source>Cash needed to exercise everything exercisable: %1</source>
        <translation>行使全部可行权期权所需现金：%1</translation>
    </message>
    <message>
        <source>%1 days left</source>
        <translation>剩余 %1 天</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>期权</translation>
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
        <translation>每次归属时，已归属的单位按归属日的价值交付为 %1 的股份，并计入该持仓。</translation>
    </message>
    <message>
        <source>Less than 30 days left to exercise</source>
        <translation>距行权截止不足 30 天</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是有效数字</translation>
    </message>
    <message>
        <source>no exchange rate into the base currency</source>
        <translation>缺少兑换为本位币的汇率</translation>
    </message>
    <message>
        <source>options %1, holding %2, paper wealth &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>期权 %1，持仓 %2，账面财富 &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>options %1, paper wealth &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>期权 %1，账面财富 &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>What if %1 were worth</source>
        <translation>假如 %1 的价格为</translation>
    </message>
    <message>
        <source>price per share in %1</source>
        <translation>每股价格（%1）</translation>
    </message>
    <message>
        <source>%1 a share</source>
        <translation>%1／股</translation>
    </message>
    <message>
        <source>Vesting of %1</source>
        <translation>%1 的归属进度</translation>
    </message>
    <message>
        <source>forfeited</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>left</source>
        <translation>离职</translation>
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
        <translation>数量</translation>
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
        <translation>估值记录</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>交易记录</translation>
    </message>
    <message>
        <source>Add lock-up…</source>
        <translation>添加禁售期…</translation>
    </message>
    <message>
        <source>Discount and staleness…</source>
        <translation>折让与过期…</translation>
    </message>
    <message>
        <source>Convert at IPO…</source>
        <translation>上市转换…</translation>
    </message>
    <message>
        <source>Value range…</source>
        <translation>价值区间…</translation>
    </message>
    <message>
        <source>%1 locked, %2 tradable</source>
        <translation>禁售期内 %1 股，可交易 %2 股</translation>
    </message>
    <message>
        <source>mark %1 less %2% discount</source>
        <translation>估值 %1，扣除 %2% 折让</translation>
    </message>
    <message>
        <source>mark is %1 days old</source>
        <translation>估值距今 %1 天</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>price per share</source>
        <translation>每股价格</translation>
    </message>
    <message>
        <source>or valuation</source>
        <translation>或估值总额</translation>
    </message>
    <message>
        <source>÷ fully diluted shares</source>
        <translation>÷ 完全摊薄股数</translation>
    </message>
    <message>
        <source>What if:</source>
        <translation>假设：</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是有效数字</translation>
    </message>
    <message>
        <source>no exchange rate into the base currency</source>
        <translation>缺少兑换为本位币的汇率</translation>
    </message>
    <message>
        <source>at %1: holding %2 (%3), paper wealth %4</source>
        <translation>按 %1 计：持仓 %2（%3），账面财富 %4</translation>
    </message>
    <message>
        <source>Add mark…</source>
        <translation>添加估值…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>HoldingsModel</name>
    <message>
        <source>Symbol</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>禁售期内</translation>
    </message>
    <message>
        <source>Avg cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>现价</translation>
    </message>
    <message>
        <source>Price date</source>
        <translation>价格日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Market value</source>
        <translation>市值</translation>
    </message>
    <message>
        <source>Unrealized</source>
        <translation>未实现收益</translation>
    </message>
    <message>
        <source>Unrealized %</source>
        <translation>未实现收益率</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
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
        <translation>过期</translation>
    </message>
    <message>
        <source>%1 tradable now</source>
        <translation>现可交易 %1 股</translation>
    </message>
    <message>
        <source>No price yet: valued at cost</source>
        <translation>暂无价格：按成本计值</translation>
    </message>
</context>
<context>
    <name>ImportProgressDialog</name>
    <message>
        <source>Import transactions</source>
        <translation>导入交易</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Checking positions…</source>
        <translation>正在检查持仓…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>%1 of %2 MB</source>
        <translation>%1 / %2 MB</translation>
    </message>
    <message>
        <source>%1 of %2 holdings</source>
        <translation>%1 / %2 个持仓</translation>
    </message>
</context>
<context>
    <name>ImportSkips</name>
    <message>
        <source>option trade</source>
        <translation>期权交易</translation>
    </message>
    <message>
        <source>futures trade</source>
        <translation>期货交易</translation>
    </message>
    <message>
        <source>forex conversion</source>
        <translation>外汇兑换</translation>
    </message>
    <message>
        <source>trade of another asset class</source>
        <translation>其他资产类别的交易</translation>
    </message>
    <message>
        <source>deposit or withdrawal</source>
        <translation>存取款</translation>
    </message>
    <message>
        <source>interest payment</source>
        <translation>利息</translation>
    </message>
    <message>
        <source>fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>tax payment</source>
        <translation>税款</translation>
    </message>
    <message>
        <source>liability</source>
        <translation>负债</translation>
    </message>
    <message>
        <source>holding moved out</source>
        <translation>转出的持仓</translation>
    </message>
    <message>
        <source>other cash movement</source>
        <translation>其他现金变动</translation>
    </message>
    <message>
        <source>cancelled trade</source>
        <translation>已取消的交易</translation>
    </message>
    <message>
        <source>row the file lists again</source>
        <translation>文件中重复列出的行</translation>
    </message>
    <message>
        <source>valuable item</source>
        <translation>贵重物品</translation>
    </message>
    <message>
        <source>cash holding row</source>
        <translation>现金持仓行</translation>
    </message>
    <message>
        <source>row the mapping skips</source>
        <translation>设为跳过的类型</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%2 %1 行</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no meaning yet: choose one on the Types tab</source>
        <translation>“%1”尚未指定含义：请在“类型”页选择</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>“%1”不是数字</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a date in the form %2</source>
        <translation>“%1”不是 %2 格式的日期</translation>
    </message>
    <message>
        <source>the file has no column &apos;%1&apos;</source>
        <translation>文件中没有“%1”列</translation>
    </message>
    <message>
        <source>line %1 is not %2 text: choose another encoding</source>
        <translation>第 %1 行不是 %2 文本：请选择其他编码</translation>
    </message>
    <message>
        <source>the file cancels %1 (%2): the stored trade is removed</source>
        <translation>文件撤销了 %1（%2）：已存的这笔交易将被删除</translation>
    </message>
    <message>
        <source>the file cancels %1, which is not in the ledger: nothing to remove</source>
        <translation>文件撤销了 %1，但它不在账本中：无需删除</translation>
    </message>
    <message>
        <source>line %1: a cancellation of %2 on %3 matches no trade in the file; nothing removed</source>
        <translation>第 %1 行：%3 对 %2 的撤单在文件中找不到对应的交易；未删除任何内容</translation>
    </message>
    <message>
        <source>symbol %1 on %2 is not mapped to a Yahoo symbol; kept as %3</source>
        <translation>%2 上的代码 %1 没有对应的雅虎代码；保留为 %3</translation>
    </message>
    <message>
        <source>line %1: Withholding Tax of %2 on %3 %4 matches no dividend in this file: not applied (if that dividend is in the ledger, edit its fees)</source>
        <translation>第 %1 行：%3 在 %4 的预扣税 %2 在此文件中找不到对应的股息：未计入（若该股息已在账本中，请修改其手续费）</translation>
    </message>
    <message>
        <source>line %1: the dividend %2 (%3 %4) is in the ledger with fees %5; the file gives %6 (its withholding tax): not applied, edit the stored dividend&apos;s fees</source>
        <translation>第 %1 行：股息 %2（%3，%4）已在账本中，手续费为 %5；文件给出 %6（其预扣税）：未计入，请修改已存股息的手续费</translation>
    </message>
    <message>
        <source>holdings moved out (TRANSFER_OUT, REMOVE_HOLDING) were skipped: those holdings will differ from Wealthfolio&apos;s</source>
        <translation>转出的持仓（TRANSFER_OUT、REMOVE_HOLDING）已跳过：这些持仓将与 Wealthfolio 中的不同</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import transactions</source>
        <translation>导入交易</translation>
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
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>1. Choose the file</source>
        <translation>1. 选择文件</translation>
    </message>
    <message>
        <source>2. Say what its columns are</source>
        <translation>2. 说明各列的含义</translation>
    </message>
    <message>
        <source>3. Check what will be imported</source>
        <translation>3. 检查将要导入的内容</translation>
    </message>
    <message>
        <source>Exports (*.csv *.txt *.xml *.json);;All files (*)</source>
        <translation>导出文件 (*.csv *.txt *.xml *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>read through your mapping</source>
        <translation>按你的对应读取</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Cancelled: nothing was read.</source>
        <translation>已取消：未读取任何内容。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Paper Wealth</source>
        <translation>账面财富</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Holdings</source>
        <translation>持仓</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>交易记录</translation>
    </message>
    <message>
        <source>Grants</source>
        <translation>授予记录</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>业绩</translation>
    </message>
    <message>
        <source>Refresh prices</source>
        <translation>刷新价格</translation>
    </message>
    <message>
        <source>Cancel refresh</source>
        <translation>取消刷新</translation>
    </message>
    <message>
        <source>Add transaction…</source>
        <translation>添加交易…</translation>
    </message>
    <message>
        <source>Edit transaction…</source>
        <translation>编辑交易…</translation>
    </message>
    <message>
        <source>Delete transaction</source>
        <translation>删除交易</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Export transactions (CSV)…</source>
        <translation>导出交易（CSV）…</translation>
    </message>
    <message>
        <source>Export holdings (CSV)…</source>
        <translation>导出持仓（CSV）…</translation>
    </message>
    <message>
        <source>Load the demo portfolio</source>
        <translation>加载示例组合</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Prices</source>
        <translation>价格(&amp;P)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>This ledger is read-only here: its base currency, cost method and staleness are shown but cannot be changed.</source>
        <translation>此账本在这里为只读：其基准货币、成本计算方法和过期设置仅供查看，无法修改。</translation>
    </message>
    <message>
        <source>settings change</source>
        <translation>更改设置</translation>
    </message>
    <message>
        <source>Undone, except what another program changed in the ledger since this window saved it, which keeps its newer value: %1</source>
        <translation>已撤销；但在本窗口保存之后，另一个程序又更改了以下设置，它们保留较新的值：%1</translation>
    </message>
    <message>
        <source>Total paper wealth</source>
        <translation>账面财富总额</translation>
    </message>
    <message>
        <source>Since previous close</source>
        <translation>较昨收</translation>
    </message>
    <message>
        <source>Unrealized gain</source>
        <translation>未实现收益</translation>
    </message>
    <message>
        <source>Realized gain</source>
        <translation>已实现收益</translation>
    </message>
    <message>
        <source>Top holdings</source>
        <translation>主要持仓</translation>
    </message>
    <message>
        <source>Coming up</source>
        <translation>即将到来</translation>
    </message>
    <message>
        <source>Filter holdings (symbol, name, class)…</source>
        <translation>筛选持仓（代码、名称、类别）…</translation>
    </message>
    <message>
        <source>Double-click a holding to open its page.</source>
        <translation>双击持仓可查看详情。</translation>
    </message>
    <message>
        <source>Filter transactions…</source>
        <translation>筛选交易…</translation>
    </message>
    <message>
        <source>a calculation failed (%1)</source>
        <translation>计算失败（%1）</translation>
    </message>
    <message>
        <source>This ledger could not be valued: %1. Its transactions are listed so that you can correct or delete the one at fault.</source>
        <translation>无法为此账本估值：%1。下面列出了它的交易记录，您可以更正或删除出错的那一笔。</translation>
    </message>
    <message>
        <source>Updated with changes made outside this window.</source>
        <translation>已更新：显示在此窗口之外所做的更改。</translation>
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
        <translation>可即时变现</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>禁售期内</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>未上市</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>期权</translation>
    </message>
    <message>
        <source>cash to exercise %1</source>
        <translation>行权所需现金 %1</translation>
    </message>
    <message>
        <source>No holdings yet.</source>
        <translation>暂无持仓。</translation>
    </message>
    <message>
        <source>Value over time</source>
        <translation>价值走势</translation>
    </message>
    <message>
        <source>Holdings with a value range at their low and high (holdings with no price count 0 at the low)</source>
        <translation>设有价值区间的持仓按其最低和最高价值计算（无价格的持仓在最低情形下计为 0）</translation>
    </message>
    <message>
        <source>Vested options (spread)</source>
        <translation>已归属期权（内在价值）</translation>
    </message>
    <message>
        <source>strike %1 + estimated tax %2, an estimate</source>
        <translation>行权款 %1 + 估算税款 %2，仅为估算</translation>
    </message>
    <message>
        <source>Loading the value history…</source>
        <translation>正在加载价值走势…</translation>
    </message>
    <message>
        <source>%1 has no price yet: valued at cost</source>
        <translation>%1 尚无价格：按成本计价</translation>
    </message>
    <message>
        <source>No %1 to %2 exchange rate for %3: left out of the totals</source>
        <translation>缺少 %1 兑 %2 的汇率，%3 未计入合计</translation>
    </message>
    <message>
        <source>Grant %1: no price of %2 on or before %3, so the shares delivered that day are counted at a cost of 0</source>
        <translation>授予 %1：%3 或之前没有 %2 的价格，因此当天交付的股份按成本 0 计算</translation>
    </message>
    <message>
        <source>Grant %1: no price of %2 on %3 vest dates from %4, so the shares delivered then are counted at a cost of 0</source>
        <translation>授予 %1：%2 有 %3 个归属日（自 %4 起）没有价格，因此当时交付的股份按成本 0 计算</translation>
    </message>
    <message>
        <source>Grant %1: the buy of %2 %3 on %4 matches a vest the grant already delivers, so those shares count twice. If it records the vest, delete it.</source>
        <translation>授予 %1：%4 买入的 %2 股 %3 与该授予已交付的一次归属相同，这些股份被重复计算。若这笔买入记录的就是该次归属，请将其删除。</translation>
    </message>
    <message>
        <source>Grant %1: %2 has no price, so its value is unknown</source>
        <translation>授予 %1：%2 尚无价格，价值未知</translation>
    </message>
    <message>
        <source>range %1 – %2</source>
        <translation>区间 %1 – %2</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>%1 天后</translation>
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
        <translation>暂无即将到来的事项。</translation>
    </message>
    <message>
        <source>Today is the last day to exercise %2 (%3 exercisable). After it, what is not exercised is lost.</source>
        <translation>今天是行权 %2 的最后一天（%3 股可行权）。过期后未行权的部分将作废。</translation>
    </message>
    <message>
        <source>Exercise deadline in %1 days: %2 (%3 exercisable). After it, what is not exercised is lost.</source>
        <translation>距行权截止日还有 %1 天：%2（可行权 %3 股）。逾期未行权的部分将失效。</translation>
    </message>
    <message>
        <source>Cash needed to exercise: %1.</source>
        <translation>行权所需现金：%1。</translation>
    </message>
    <message>
        <source>Plan exercise…</source>
        <translation>行权规划…</translation>
    </message>
    <message>
        <source>Mark is stale</source>
        <translation>估值已过期</translation>
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
        <translation>可行权 %1 股（%2）</translation>
    </message>
    <message>
        <source>%1 shares become tradable</source>
        <translation>%1 股解禁可交易</translation>
    </message>
    <message>
        <source>refresh the mark</source>
        <translation>请更新估值</translation>
    </message>
    <message>
        <source>Prices as of %1</source>
        <translation>价格截至 %1</translation>
    </message>
    <message>
        <source>Prices as of %1 (1 day old)</source>
        <translation>价格截至 %1（1 天前）</translation>
    </message>
    <message>
        <source>Prices as of %1 (%2 days old)</source>
        <translation>价格截至 %1（%2 天前）</translation>
    </message>
    <message>
        <source>No market prices yet</source>
        <translation>暂无行情</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>撤销%1</translation>
    </message>
    <message>
        <source>Loading the transactions…</source>
        <translation>正在加载交易记录…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>add transaction</source>
        <translation>添加交易</translation>
    </message>
    <message>
        <source>Transaction added.</source>
        <translation>已添加交易。</translation>
    </message>
    <message>
        <source>Select a transaction first.</source>
        <translation>请先选择一笔交易。</translation>
    </message>
    <message>
        <source>edit transaction</source>
        <translation>编辑交易</translation>
    </message>
    <message>
        <source>Delete the %1 of %2 %3 on %4?</source>
        <translation>确定删除 %4 的这笔%1（%3，数量 %2）吗？</translation>
    </message>
    <message>
        <source>You can undo this.</source>
        <translation>此操作可撤销。</translation>
    </message>
    <message>
        <source>delete transaction</source>
        <translation>删除交易</translation>
    </message>
    <message>
        <source>Transaction deleted. Ctrl+Z undoes it.</source>
        <translation>已删除交易。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was imported.</source>
        <translation>导入已取消，未导入任何内容。</translation>
    </message>
    <message>
        <source>Imported %1 transactions.</source>
        <translation>已导入 %1 笔交易。</translation>
    </message>
    <message>
        <source>%1 were already in the ledger.</source>
        <translation>%1 笔已在账本中。</translation>
    </message>
    <message>
        <source>Removed as cancelled by the file: %1.</source>
        <translation>按文件中的撤单删除：%1 笔。</translation>
    </message>
    <message>
        <source>import of %1 transactions</source>
        <translation>导入 %1 笔交易</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 is this ledger&apos;s database file: writing there would destroy your data. Nothing was written; choose another file.</source>
        <translation>%1 是本账本的数据库文件：写入会毁掉你的数据。未写入任何内容；请选择其他文件。</translation>
    </message>
    <message>
        <source>%1 belongs to this ledger&apos;s database (%2): writing there would damage your data. Nothing was written; choose another file.</source>
        <translation>%1 属于本账本的数据库（%2）：写入会损坏你的数据。未写入任何内容；请选择其他文件。</translation>
    </message>
    <message>
        <source>%1 is in this ledger&apos;s backups folder (%2). Nothing was written; choose another folder.</source>
        <translation>%1 位于本账本的备份文件夹（%2）中。未写入任何内容；请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Export transactions</source>
        <translation>导出交易</translation>
    </message>
    <message>
        <source>Exported %1 transactions.</source>
        <translation>已导出 %1 笔交易。</translation>
    </message>
    <message>
        <source>Export holdings</source>
        <translation>导出持仓</translation>
    </message>
    <message>
        <source>Exported %1 holdings.</source>
        <translation>已导出 %1 项持仓。</translation>
    </message>
    <message>
        <source>Backup written: %1</source>
        <translation>已写入备份：%1</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Paper Wealth databases (*.sqlite3)</source>
        <translation>账面财富数据库 (*.sqlite3)</translation>
    </message>
    <message>
        <source>Replace the current data with %1? A copy of the current data is kept in the backups folder.</source>
        <translation>用 %1 替换当前数据吗？当前数据的副本会保留在备份文件夹中。</translation>
    </message>
    <message>
        <source>Not restored: the file failed its check (%1).</source>
        <translation>未恢复：该文件未通过检查（%1）。</translation>
    </message>
    <message>
        <source>Restored from %1.</source>
        <translation>已从 %1 恢复。</translation>
    </message>
    <message>
        <source>Refreshing prices…</source>
        <translation>正在刷新价格…</translation>
    </message>
    <message>
        <source>Refreshing prices… %1 (%2 of %3)</source>
        <translation>正在刷新价格… %1（%2/%3）</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Offline: Yahoo Finance could not be reached. Stored prices are unchanged.</source>
        <translation>离线：无法连接 Yahoo Finance，已保存的价格保持不变。</translation>
    </message>
    <message>
        <source>Refreshed %1 of %2.</source>
        <translation>已刷新 %1/%2 个标的。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>(cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message>
        <source>add mark</source>
        <translation>添加估值</translation>
    </message>
    <message>
        <source>Mark added.</source>
        <translation>已添加估值。</translation>
    </message>
    <message>
        <source>Mark updated.</source>
        <translation>已更新估值。</translation>
    </message>
    <message>
        <source>Delete the mark of %1 on %2?</source>
        <translation>确定删除 %1 在 %2 的估值吗？</translation>
    </message>
    <message>
        <source>Delete mark</source>
        <translation>删除估值</translation>
    </message>
    <message>
        <source>delete mark</source>
        <translation>删除估值</translation>
    </message>
    <message>
        <source>Mark deleted. Ctrl+Z undoes it.</source>
        <translation>已删除估值。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>Lock-up recorded.</source>
        <translation>已记录禁售期。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Value range saved.</source>
        <translation>已保存价值区间。</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 已转换为 %2。</translation>
    </message>
    <message>
        <source>%1

Add the shares of %2 to %3 anyway? Do so only when these shares really became %3 (unlisted shares of a listed company turning into listed ones, say).</source>
        <translation>%1

仍要把 %2 的股份并入 %3 吗？只有当这些股份确实成为了 %3（例如已上市公司的未上市股份转为上市股份）时才这样做。</translation>
    </message>
    <message>
        <source>Convert into a listing already held</source>
        <translation>转换为已持有的上市股票</translation>
    </message>
    <message>
        <source>Grant %1 recorded.</source>
        <translation>已记录授予 %1。</translation>
    </message>
    <message>
        <source>Exercised %1 from grant %2.</source>
        <translation>已从授予 %2 行权 %1 股。</translation>
    </message>
    <message>
        <source>Encrypt the ledger</source>
        <translation>加密账本</translation>
    </message>
    <message>
        <source>Encrypt %1 and its backups with this password? Without the password nobody can open them, and a lost password cannot be recovered.</source>
        <translation>用此密码加密 %1 及其备份？没有密码，任何人都无法打开它们；密码丢失后无法找回。</translation>
    </message>
    <message>
        <source>The ledger is encrypted; its unencrypted backups were deleted.</source>
        <translation>账本已加密；其未加密的备份已删除。</translation>
    </message>
    <message>
        <source>The ledger and its backups are encrypted.</source>
        <translation>账本及其备份已加密。</translation>
    </message>
    <message>
        <source>Also encrypt the %1 backups already in %2? If not, they are deleted: an unencrypted backup would leave the ledger readable.</source>
        <translation>同时加密 %2 中已有的 %1 个备份吗？如果不加密，它们将被删除：未加密的备份会让账本内容可被读取。</translation>
    </message>
    <message>
        <source>Delete the %1 unencrypted backups in %2? This cannot be undone.</source>
        <translation>删除 %2 中的 %1 个未加密备份吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Change the password</source>
        <translation>更改密码</translation>
    </message>
    <message>
        <source>Encrypt %1 with the new password? Its backups keep the password they were made with.</source>
        <translation>用新密码加密 %1？其备份仍使用制作时的密码。</translation>
    </message>
    <message>
        <source>The password was changed.</source>
        <translation>密码已更改。</translation>
    </message>
    <message>
        <source>Decrypt the ledger</source>
        <translation>解密账本</translation>
    </message>
    <message>
        <source>Store %1 and its backups unencrypted? Anyone who copies the files can then read them.</source>
        <translation>以不加密的方式保存 %1 及其备份？之后任何复制这些文件的人都能读取它们。</translation>
    </message>
    <message>
        <source>The ledger is no longer encrypted.</source>
        <translation>账本已不再加密。</translation>
    </message>
    <message>
        <source>The password is no longer remembered on this computer.</source>
        <translation>本机已不再记住该密码。</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>Types</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>A name, e.g. Futu HK</source>
        <translation>名称，例如 富途港股</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>保存对应</translation>
    </message>
    <message>
        <source>The first rows, read with this mapping:</source>
        <translation>按此对应读取的前几行：</translation>
    </message>
    <message>
        <source>Save for next time as:</source>
        <translation>保存以便下次使用，名称：</translation>
    </message>
    <message>
        <source>…or one for every row</source>
        <translation>…或所有行统一为</translation>
    </message>
    <message>
        <source>Transaction ID</source>
        <translation>成交编号</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>GB18030 / GBK (Simplified Chinese)</source>
        <translation>GB18030 / GBK（简体中文）</translation>
    </message>
    <message>
        <source>Big5 (Traditional Chinese)</source>
        <translation>Big5（繁体中文）</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <source>Comma ,</source>
        <translation>逗号 ,</translation>
    </message>
    <message>
        <source>Semicolon ;</source>
        <translation>分号 ;</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Vertical bar |</source>
        <translation>竖线 |</translation>
    </message>
    <message>
        <source>Lines before the header</source>
        <translation>表头前的行数</translation>
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
        <translation>数字格式</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>As written</source>
        <translation>保持原样</translation>
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
        <translation>资产类别</translation>
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
        <translation>文件中</translation>
    </message>
    <message>
        <source>Means</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Skip these rows</source>
        <translation>跳过这些行</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Tick every column that holds a fee: they are added up.</source>
        <translation>勾选每个费用列：各列会相加。</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Choose the type column on the Columns tab first.</source>
        <translation>请先在“列”页选择类型列。</translation>
    </message>
    <message>
        <source>The type column is empty in the first rows.</source>
        <translation>前几行的类型列是空的。</translation>
    </message>
    <message>
        <source>What each type in the file means:</source>
        <translation>文件中每种类型的含义：</translation>
    </message>
    <message>
        <source>Choose a column for: %1.</source>
        <translation>请为以下字段选择列：%1。</translation>
    </message>
    <message>
        <source>Choose the currency column, or one currency for every row.</source>
        <translation>请选择币种列，或为所有行指定一种币种。</translation>
    </message>
    <message>
        <source>Say what the file&apos;s types mean (Types tab).</source>
        <translation>请说明文件中各类型的含义（“类型”页）。</translation>
    </message>
    <message>
        <source>The file cannot be read this way: %1</source>
        <translation>无法以此方式读取文件：%1</translation>
    </message>
    <message>
        <source>Skipped (%1)</source>
        <translation>已跳过（%1）</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>%1 of the first %2 rows have a problem. Line %3: %4</source>
        <translation>前 %2 行中有 %1 行有问题。第 %3 行：%4</translation>
    </message>
    <message>
        <source>The first %1 rows read well.</source>
        <translation>前 %1 行都能正确读取。</translation>
    </message>
    <message>
        <source>A name is letters, digits, spaces and - _ . (at most 64).</source>
        <translation>名称只能包含字母、数字、空格和 - _ .（最多 64 个字符）。</translation>
    </message>
    <message>
        <source>Saved as “%1”: offered next time.</source>
        <translation>已保存为“%1”：下次可直接选用。</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>The same again</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <source>Enter the new password.</source>
        <translation>请输入新密码。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The password cannot hold a NUL character.</source>
        <translation>密码不能包含 NUL 字符。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Encrypted ledger</source>
        <translation>已加密的账本</translation>
    </message>
    <message>
        <source>The ledger %1 is encrypted. Enter its password to open it.</source>
        <translation>账本 %1 已加密。请输入密码以打开它。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Remember on this computer (in the system keychain)</source>
        <translation>在本机记住（保存在系统钥匙串中）</translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Wrong password. Try again (or Cancel: nothing is changed).</source>
        <translation>密码错误。请重试（或取消：不会有任何更改）。</translation>
    </message>
</context>
<context>
    <name>PerformancePage</name>
    <message>
        <source>Nothing to measure in this period.</source>
        <translation>此期间没有可计算的数据。</translation>
    </message>
    <message>
        <source>Portfolio</source>
        <translation>组合</translation>
    </message>
    <message>
        <source>day %1</source>
        <translation>当日 %1</translation>
    </message>
    <message>
        <source>Holdings only: options are not included in the value or the returns.</source>
        <translation>仅含持仓：期权不计入市值和收益。</translation>
    </message>
    <message>
        <source>Time-weighted return leaves out when money came in and out; XIRR counts it.</source>
        <translation>时间加权收益率不受资金进出时点影响；XIRR 则计入。</translation>
    </message>
    <message>
        <source>PME above 1 beat the index.</source>
        <translation>PME 大于 1 即跑赢指数。</translation>
    </message>
    <message>
        <source>A benchmark&apos;s return is in the index&apos;s own currency.</source>
        <translation>比较指数的收益以该指数自身的货币计算。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Show range</source>
        <translation>显示区间</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>Time-weighted return %1</source>
        <translation>时间加权收益率 %1</translation>
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
        <translation>%1：此期间没有收盘价（请刷新价格）</translation>
    </message>
    <message>
        <source>%1 %2, PME %3</source>
        <translation>%1 %2，PME %3</translation>
    </message>
    <message>
        <source>Some money or values have no exchange rate into %1 on their day and are left out of these returns (refresh prices to fetch the rates).</source>
        <translation>部分资金或市值在当日没有换算为 %1 的汇率，未计入本期收益（请刷新价格以获取汇率）。</translation>
    </message>
    <message>
        <source>PME vs %1</source>
        <translation>PME（对比 %1）</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>持仓</translation>
    </message>
    <message>
        <source>Time-weighted</source>
        <translation>时间加权收益率</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Import the rows already in the ledger again</source>
        <translation>再次导入已在账本中的行</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Already in the ledger</source>
        <translation>已在账本中</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>%1 new, %2 already in the ledger</source>
        <translation>新增 %1 笔，%2 笔已在账本中</translation>
    </message>
    <message>
        <source>; cancelled by the file: %1 (removed on import)</source>
        <translation>；文件撤销的已存交易：%1 笔（导入时删除）</translation>
    </message>
    <message>
        <source>Problems found: %1. Nothing will be imported until they are fixed.</source>
        <translation>发现 %1 个问题。修正之前不会导入任何内容。</translation>
    </message>
    <message>
        <source>The first %1 are listed.</source>
        <translation>下面列出前 %1 个。</translation>
    </message>
    <message>
        <source>Transactions ready to import: %1.</source>
        <translation>待导入交易：%1 笔。</translation>
    </message>
    <message>
        <source>Nothing new to import. Importing removes the stored trades the file cancels: %1.</source>
        <translation>没有新的交易可导入。导入将删除文件撤销的已存交易：%1 笔。</translation>
    </message>
    <message>
        <source>The file holds no transactions.</source>
        <translation>文件中没有交易。</translation>
    </message>
    <message>
        <source>Nothing new to import: every row is already in the ledger or skipped.</source>
        <translation>没有新内容可导入：每一行都已在账本中或被跳过。</translation>
    </message>
    <message>
        <source>The first %1 rows are shown.</source>
        <translation>只显示前 %1 行。</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
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
        <translation>价格单位：%1</translation>
    </message>
    <message>
        <source>marks</source>
        <translation>估值记录</translation>
    </message>
    <message>
        <source>average cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>买入</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>卖出</translation>
    </message>
    <message>
        <source>No prices yet: refresh prices, or add a mark, to draw this chart.</source>
        <translation>还没有价格：刷新价格或添加估值后即可绘制此图表。</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>is required</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <source>is not a date (YYYY-MM-DD)</source>
        <translation>日期格式不正确（应为 YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>is not a real calendar date</source>
        <translation>不是实际存在的日期</translation>
    </message>
    <message>
        <source>is in the future</source>
        <translation>不能晚于今天</translation>
    </message>
    <message>
        <source>is not a number (use digits and a point, e.g. 1234.56)</source>
        <translation>不是有效数字（请使用数字和小数点，如 1234.56）</translation>
    </message>
    <message>
        <source>must be greater than 0</source>
        <translation>必须大于 0</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>不能为负数</translation>
    </message>
    <message>
        <source>is not a valid symbol</source>
        <translation>不是有效的代码</translation>
    </message>
    <message>
        <source>is not an ISO 4217 currency code (e.g. HKD, USD, CNY)</source>
        <translation>不是 ISO 4217 货币代码（如 HKD, USD, CNY）</translation>
    </message>
    <message>
        <source>is not one of the allowed values</source>
        <translation>不在可选范围内</translation>
    </message>
    <message>
        <source>is too long</source>
        <translation>内容过长</translation>
    </message>
    <message>
        <source>contains line breaks or control characters</source>
        <translation>包含换行符或控制字符</translation>
    </message>
    <message>
        <source>a split cannot carry fees</source>
        <translation>拆股交易不能包含手续费</translation>
    </message>
    <message>
        <source>differs from the class this symbol already has</source>
        <translation>与该代码已有的类别不一致</translation>
    </message>
    <message>
        <source>differs from the currency this symbol is traded in</source>
        <translation>与该代码的交易币种不一致</translation>
    </message>
    <message>
        <source>is more than the position held on that date</source>
        <translation>超过当日持仓数量</translation>
    </message>
    <message>
        <source>would leave a later sale larger than the position</source>
        <translation>会导致之后的某笔卖出超过当时持仓</translation>
    </message>
    <message>
        <source>dips into shares locked up until %1 (%2): only %3 can be sold then</source>
        <translation>动用了锁定至 %1 的股份（%2）：当日最多只能卖出 %3</translation>
    </message>
    <message>
        <source>became %1 at its IPO on %2: record this on %1</source>
        <translation>已于 %2 上市时转换为 %1：请记在 %1 名下</translation>
    </message>
    <message>
        <source>would leave a later dividend on more shares than held</source>
        <translation>会使之后的一笔股息所涉股数超过持有数量</translation>
    </message>
    <message>
        <source>would make a later sale dip into locked-up shares</source>
        <translation>会使之后的一笔卖出动用锁定中的股份</translation>
    </message>
    <message>
        <source>is already over</source>
        <translation>已经过去</translation>
    </message>
    <message>
        <source>is after the last locked day</source>
        <translation>晚于禁售的最后一天</translation>
    </message>
    <message>
        <source>is more than the %1 shares held</source>
        <translation>超过持有的 %1 股</translation>
    </message>
    <message>
        <source>is more than the %1 shares bought that day</source>
        <translation>超过当日买入的 %1 股</translation>
    </message>
    <message>
        <source>no shares were bought on that day</source>
        <translation>当日没有买入</translation>
    </message>
    <message>
        <source>none of these shares are held</source>
        <translation>并未持有该股份</translation>
    </message>
    <message>
        <source>a sale of %1 on %2 would have dipped into this lock-up: give a first locked day after it</source>
        <translation>%2 卖出的 %1 股会动用此锁定期内的股份：请填写该日之后的禁售起始日</translation>
    </message>
    <message>
        <source>is outside 0.0000001 to 10000000, where every exchange rate lies</source>
        <translation>不在 0.0000001 至 10000000 之间，任何真实汇率都在此范围内</translation>
    </message>
    <message>
        <source>is already stored (importing a file twice would double it)</source>
        <translation>已存在（重复导入同一文件会造成重复记录）</translation>
    </message>
    <message>
        <source>give a price, or a valuation and its fully diluted shares</source>
        <translation>请填写价格，或填写估值总额及完全摊薄股数</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>必须为整数</translation>
    </message>
    <message>
        <source>an option needs a strike price</source>
        <translation>期权必须填写行权价</translation>
    </message>
    <message>
        <source>an RSU has no strike price</source>
        <translation>RSU 没有行权价，请留空</translation>
    </message>
    <message>
        <source>use letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;</source>
        <translation>只能包含字母、数字、&apos;-&apos;、&apos;_&apos; 或 &apos;.&apos;</translation>
    </message>
    <message>
        <source>the cliff is longer than the vesting</source>
        <translation>悬崖期不能长于归属期</translation>
    </message>
    <message>
        <source>is before the grant date</source>
        <translation>不能早于授予日期</translation>
    </message>
    <message>
        <source>must be below 100</source>
        <translation>必须小于 100</translation>
    </message>
    <message>
        <source>is not a percentage from 0 to 100</source>
        <translation>不是 0 到 100 之间的百分比</translation>
    </message>
    <message>
        <source>has an empty symbol (write SYMBOL,SYMBOL,…)</source>
        <translation>含有空的代码（请写成 代码,代码,…）</translation>
    </message>
    <message>
        <source>at most 10 symbols</source>
        <translation>最多 10 个代码</translation>
    </message>
    <message>
        <source>the tax withheld exceeds the gross dividend</source>
        <translation>预扣税超过了股息总额</translation>
    </message>
    <message>
        <source>the file is larger than %1 MB</source>
        <translation>文件超过 %1 MB</translation>
    </message>
    <message>
        <source>is not UTF-8 text (save the file as CSV UTF-8)</source>
        <translation>不是 UTF-8 文本（请另存为 CSV UTF-8）</translation>
    </message>
    <message>
        <source>the file is not a CSV text file</source>
        <translation>该文件不是 CSV 文本文件</translation>
    </message>
    <message>
        <source>cannot be read as CSV</source>
        <translation>无法按 CSV 读取</translation>
    </message>
    <message>
        <source>the header line is missing (expected: %1)</source>
        <translation>缺少表头行（应为：%1）</translation>
    </message>
    <message>
        <source>unknown column; allowed columns are %1</source>
        <translation>未知列；允许的列为 %1</translation>
    </message>
    <message>
        <source>appears twice in the header</source>
        <translation>在表头中出现了两次</translation>
    </message>
    <message>
        <source>required column is missing</source>
        <translation>缺少必需的列</translation>
    </message>
    <message>
        <source>has %1 fields but the header has %2</source>
        <translation>有 %1 个字段，但表头有 %2 个</translation>
    </message>
    <message>
        <source>%1 is not in this ledger</source>
        <translation>%1 不在此账本中</translation>
    </message>
    <message>
        <source>a grant named %1 already exists</source>
        <translation>已有名为 %1 的授予</translation>
    </message>
    <message>
        <source>no grant named %1</source>
        <translation>没有名为 %1 的授予</translation>
    </message>
    <message>
        <source>an exercise is recorded after the exercise window this would close</source>
        <translation>已记录的某次行权晚于此设置将结束的行权期</translation>
    </message>
    <message>
        <source>more would be exercised than had vested by then</source>
        <translation>行权数量将超过届时已归属的数量</translation>
    </message>
    <message>
        <source>an RSU is not exercised; its shares arrive as it vests</source>
        <translation>RSU 无需行权：股份随归属到账</translation>
    </message>
    <message>
        <source>options are exercised in whole shares</source>
        <translation>期权须按整股行权</translation>
    </message>
    <message>
        <source>the exercise deadline was %1</source>
        <translation>行权截止日已于 %1 过去</translation>
    </message>
    <message>
        <source>only %1 are exercisable on %2</source>
        <translation>%2 仅有 %1 股可行权</translation>
    </message>
    <message>
        <source>with the exercise recorded on %1, more than had vested (%2) would be exercised</source>
        <translation>加上 %1 已记录的行权，行权数量将超过当时已归属的 %2 股</translation>
    </message>
    <message>
        <source>%1 has transactions on or after %2; record them on the listed symbol instead</source>
        <translation>%1 在 %2 当天或之后有交易记录；请改记在上市代码上</translation>
    </message>
    <message>
        <source>%1 is a private holding</source>
        <translation>%1 是未上市持仓</translation>
    </message>
    <message>
        <source>%1 was listed on %3 already, before %2: a private holding converts into its own listing at its IPO</source>
        <translation>%1 早在 %3 就已上市，早于 %2：未上市持仓应在自己的 IPO 时转换为自己的上市代码</translation>
    </message>
    <message>
        <source>the strike is in %1 but %2 is recorded in %3; record the exercise as a buy instead</source>
        <translation>行权价以 %1 计，但 %2 以 %3 记录；请改为记录一笔买入</translation>
    </message>
    <message>
        <source>after this conversion a recorded transaction would be refused: %1</source>
        <translation>转换后，一笔已记录的交易将被拒绝：%1</translation>
    </message>
    <message>
        <source>after this conversion RSU vests would be booked differently, and a recorded sale would be refused: %1</source>
        <translation>转换后，RSU 归属的入账方式将改变，一笔已记录的卖出将被拒绝：%1</translation>
    </message>
    <message>
        <source>fewer RSUs would be delivered, and then a recorded transaction would be refused: %1</source>
        <translation>到账的 RSU 将减少，一笔已记录的交易随之将被拒绝：%1</translation>
    </message>
    <message>
        <source>that mark no longer exists</source>
        <translation>该估值已不存在</translation>
    </message>
    <message>
        <source>that mark was changed since (by another program): it keeps its newer values, nothing was undone</source>
        <translation>该估值此后已被（另一个程序）修改：保留其较新的值，未撤销任何内容</translation>
    </message>
    <message>
        <source>that transaction no longer exists</source>
        <translation>该交易已不存在</translation>
    </message>
    <message>
        <source>that transaction was changed since (by another program): it keeps its newer values, nothing was undone</source>
        <translation>该交易此后已被（另一个程序）更改：保留其较新的值，未撤销任何内容</translation>
    </message>
    <message>
        <source>is the same currency as the one converted from</source>
        <translation>与原币种相同</translation>
    </message>
    <message>
        <source>must differ from the holding converted</source>
        <translation>必须与被转换的持仓不同</translation>
    </message>
    <message>
        <source>%1 is already listed</source>
        <translation>%1 已经上市</translation>
    </message>
    <message>
        <source>%1 has already been converted</source>
        <translation>%1 已经转换过</translation>
    </message>
    <message>
        <source>is after the last day</source>
        <translation>晚于结束日期</translation>
    </message>
    <message>
        <source>no %1→%2 rate is stored on or before %3: give one</source>
        <translation>%3 或之前没有已存的 %1→%2 汇率：请填写一个</translation>
    </message>
    <message>
        <source>The import cannot be undone; nothing was removed.</source>
        <translation>无法撤销此次导入，未删除任何内容。</translation>
    </message>
    <message>
        <source>the transactions the import added were changed, deleted or replaced since (by another program): remove them by hand</source>
        <translation>此次导入添加的交易之后已被（其他程序）修改、删除或替换：请手动删除它们</translation>
    </message>
    <message>
        <source>%1 cannot be exercised on %2: %3</source>
        <translation>%1 无法在 %2 行权：%3</translation>
    </message>
    <message>
        <source>an RSU is not exercised; its shares arrive as it vests (it is taxed at each vest)</source>
        <translation>RSU 无需行权；股份随归属到账（每次归属时计税）</translation>
    </message>
    <message>
        <source>the exercise window after leaving closed on %1</source>
        <translation>离职后的行权窗口已于 %1 关闭</translation>
    </message>
    <message>
        <source>the grant expired on %1</source>
        <translation>该授予已于 %1 到期</translation>
    </message>
    <message>
        <source>everything vested by %1 (%2) is already exercised</source>
        <translation>截至 %1 已归属的 %2 股均已行权</translation>
    </message>
    <message>
        <source>nothing has vested by %1</source>
        <translation>截至 %1 尚无归属</translation>
    </message>
    <message>
        <source>nothing has vested by %1 (next vest %2)</source>
        <translation>截至 %1 尚无归属（下次归属 %2）</translation>
    </message>
    <message>
        <source>%1 has no price in %2 on or before %3; give one</source>
        <translation>%1 在 %3 或之前没有以 %2 计的价格：请填写一个</translation>
    </message>
    <message>
        <source>only the flat regime takes a rate (%1 has its own table)</source>
        <translation>只有固定税率才需填写税率（%1 有自己的税率表）</translation>
    </message>
    <message>
        <source>this ledger already holds transactions: load the demo into a new, empty ledger</source>
        <translation>此账本已有交易：请将演示数据载入一个新的空账本</translation>
    </message>
    <message>
        <source>is 10x or more away from the stored %1 rate %2 of %3</source>
        <translation>与已存的 %1 汇率 %2（%3）相差 10 倍或以上</translation>
    </message>
    <message>
        <source>is 10x or more away from the stored %1 rate %2 of %3; did you mean %4?</source>
        <translation>与已存的 %1 汇率 %2（%3）相差 10 倍或以上；是否应为 %4？</translation>
    </message>
    <message>
        <source>dips into shares locked up until %1: only %3 can be sold then</source>
        <translation>动用了锁定至 %1 的股份：当日最多只能卖出 %3</translation>
    </message>
    <message>
        <source>the file appears to be separated by %1; it must be comma-separated</source>
        <translation>文件似乎以%1分隔；必须以逗号分隔</translation>
    </message>
    <message>
        <source>semicolons</source>
        <translation>分号</translation>
    </message>
    <message>
        <source>tabs</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>&apos;%1&apos; %2</source>
        <translation>“%1”%2</translation>
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
        <translation>尚待填写：%1</translation>
    </message>
</context>
<context>
    <name>SecurityDialog</name>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Encrypt with a password…</source>
        <translation>用密码加密…</translation>
    </message>
    <message>
        <source>Change the password…</source>
        <translation>更改密码…</translation>
    </message>
    <message>
        <source>Decrypt…</source>
        <translation>解密…</translation>
    </message>
    <message>
        <source>Forget the password remembered on this computer</source>
        <translation>忘记本机记住的密码</translation>
    </message>
    <message>
        <source>If the password is lost, the ledger and its encrypted backups cannot be opened by anyone: there is no way to recover it.</source>
        <translation>密码一旦丢失，任何人都无法打开账本及其加密备份：密码无法找回。</translation>
    </message>
    <message>
        <source>This ledger and its backups are encrypted (SQLCipher, AES-256).</source>
        <translation>此账本及其备份已加密（SQLCipher，AES-256）。</translation>
    </message>
    <message>
        <source>This ledger is not encrypted: anyone who copies the file can read it.</source>
        <translation>此账本未加密：任何复制该文件的人都能读取它。</translation>
    </message>
    <message>
        <source>It is read-only here, so its protection cannot be changed.</source>
        <translation>它在此处为只读，因此无法更改其保护方式。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>FIFO (first in, first out)</source>
        <translation>先进先出（FIFO）</translation>
    </message>
    <message>
        <source>Moving average</source>
        <translation>移动平均</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Red up, green down</source>
        <translation>红涨绿跌</translation>
    </message>
    <message>
        <source>Green up, red down</source>
        <translation>绿涨红跌</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Refresh prices when the app starts</source>
        <translation>启动时自动刷新价格</translation>
    </message>
    <message>
        <source>This ledger is open in another window: its base currency, cost method and staleness can be changed there.</source>
        <translation>此账本已在另一个窗口中打开：本位币、成本计算方法和过期阈值请在那里修改。</translation>
    </message>
    <message>
        <source>Base currency</source>
        <translation>本位币</translation>
    </message>
    <message>
        <source>Cost method</source>
        <translation>成本计算方法</translation>
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
        <translation>比较基准</translation>
    </message>
    <message>
        <source>Tax regime</source>
        <translation>税制</translation>
    </message>
    <message>
        <source>Your tax rate (%)</source>
        <translation>自定税率（%）</translation>
    </message>
    <message>
        <source>Other income (HKD)</source>
        <translation>其他收入（港元）</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>涨跌颜色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Encryption and password…</source>
        <translation>加密与密码…</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>index symbols, comma-separated (e.g. ^HSI,HSTECH.HK)</source>
        <translation>指数代码，以逗号分隔（如 ^HSI,HSTECH.HK）</translation>
    </message>
    <message>
        <source>Performance compares your returns with these indexes; each return is in the index&apos;s own currency.</source>
        <translation>业绩页将你的回报与这些指数比较；每个指数的回报以其自身货币计。</translation>
    </message>
    <message>
        <source>How exercise estimates are taxed (an estimate, not tax advice)</source>
        <translation>行权估算采用的计税方式（仅为估算，并非税务建议）</translation>
    </message>
    <message>
        <source>percent, for the flat rate</source>
        <translation>百分比，用于固定税率</translation>
    </message>
    <message>
        <source>a year&apos;s, for the HK regime</source>
        <translation>全年的，用于香港税制</translation>
    </message>
    <message>
        <source>Base currency: not an ISO 4217 code (e.g. HKD, USD, CNY)</source>
        <translation>本位币：不是 ISO 4217 货币代码（如 HKD, USD, CNY）</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The ledger %1 is damaged (%2). It was left untouched.</source>
        <translation>账本 %1 已损坏（%2）。该文件未被改动。</translation>
    </message>
    <message>
        <source>No backup of it passes its check (backups folder: %1).</source>
        <translation>它没有能通过检查的备份（备份文件夹：%1）。</translation>
    </message>
    <message>
        <source>There is no backup of it: no backups folder exists at %1.</source>
        <translation>它没有任何备份：%1 处不存在备份文件夹。</translation>
    </message>
    <message>
        <source>%1

Restore the latest good backup (%2)? The damaged file is kept.</source>
        <translation>%1

要恢复最近一次完好的备份（%2）吗？损坏的文件会被保留。</translation>
    </message>
    <message>
        <source>%1

Beside it are backups of a Paper Wealth ledger. If this file was your ledger, restore the latest good backup (%2)? This file is kept.</source>
        <translation>%1

它旁边有账面财富账本的备份。如果这个文件原来是你的账本，要恢复最近一次完好的备份（%2）吗？该文件会被保留。</translation>
    </message>
    <message>
        <source>%1 is an SQLite file but not a Paper Wealth ledger. It was left untouched.</source>
        <translation>%1 是 SQLite 文件，但不是账面财富的账本。该文件未被改动。</translation>
    </message>
    <message>
        <source>%1 is not a Paper Wealth ledger (SQLite says: %2). It was left untouched.</source>
        <translation>%1 不是账面财富的账本（SQLite 提示：%2）。该文件未被改动。</translation>
    </message>
    <message>
        <source>%1 was written by a newer version of Paper Wealth (schema %2; this version reads up to %3). It was left untouched: please update Paper Wealth.</source>
        <translation>%1 由更新版本的账面财富写入（结构版本 %2；本版本最高只能读取 %3）。该文件未被改动：请更新账面财富。</translation>
    </message>
    <message>
        <source>%1 is a folder, not a ledger file.</source>
        <translation>%1 是文件夹，不是账本文件。</translation>
    </message>
    <message>
        <source>%1 is open read-only in this window (another window has it open): nothing was changed.</source>
        <translation>%1 在本窗口以只读方式打开（另一个窗口已打开它）：未作任何更改。</translation>
    </message>
    <message>
        <source>%1 cannot be changed: the file system holding %2 is mounted read-only, so nothing was changed. Reading it works; to change the ledger, copy it somewhere writable.</source>
        <translation>%1 无法修改：%2 所在的文件系统以只读方式挂载，因此未作任何更改。可以读取；如需修改账本，请将其复制到可写的位置。</translation>
    </message>
    <message>
        <source>%1 is read-only: nothing was changed. Reading it works; to change the ledger, make the file writable or copy it somewhere writable.</source>
        <translation>%1 为只读：未作任何更改。可以读取；如需修改账本，请将该文件设为可写，或将其复制到可写的位置。</translation>
    </message>
    <message>
        <source>%1 cannot be changed: its folder %2 is read-only (SQLite writes its -wal and -shm files beside the ledger), so nothing was changed. Reading it works; to change the ledger, make the folder writable or copy the file somewhere writable.</source>
        <translation>%1 无法修改：其所在文件夹 %2 为只读（SQLite 需要在账本旁写入 -wal 和 -shm 文件），因此未作任何更改。可以读取；如需修改账本，请将该文件夹设为可写，或将文件复制到可写的位置。</translation>
    </message>
    <message>
        <source>Another Paper Wealth window has this database open: this one is read-only. Close the other to make changes.</source>
        <translation>另一个账面财富窗口已打开此数据库：本窗口为只读。关闭另一个窗口后才能修改。</translation>
    </message>
    <message>
        <source>The ledger %1 is on a file system mounted read-only: this window only shows it. Copy it somewhere writable and open the copy to make changes.</source>
        <translation>账本 %1 位于以只读方式挂载的文件系统上：本窗口只能查看。如需修改，请将其复制到可写的位置并打开该副本。</translation>
    </message>
    <message>
        <source>The ledger file %1 is read-only: this window only shows it. Make the file writable, then reopen Paper Wealth to make changes.</source>
        <translation>账本文件 %1 为只读：本窗口只能查看。请将该文件设为可写，然后重新打开账面财富才能修改。</translation>
    </message>
    <message>
        <source>The ledger&apos;s folder %1 is read-only (SQLite writes its journal beside the ledger): this window only shows it. Make the folder writable, then reopen Paper Wealth to make changes.</source>
        <translation>账本所在的文件夹 %1 为只读（SQLite 需要在账本旁写入日志文件）：本窗口只能查看。请将该文件夹设为可写，然后重新打开账面财富才能修改。</translation>
    </message>
    <message>
        <source>row %2 of the %1 table holds %3, which cannot be read back</source>
        <translation>数据表 %1 的第 %2 行存有无法读回的值 %3</translation>
    </message>
    <message>
        <source>row %2 of the %1 table cannot be read back</source>
        <translation>数据表 %1 的第 %2 行无法读回</translation>
    </message>
    <message>
        <source>A ledger cannot be created at %1 (%2).</source>
        <translation>无法在 %1 创建账本（%2）。</translation>
    </message>
    <message>
        <source>%1 is an empty read-only file, not a ledger: nothing was changed.</source>
        <translation>%1 是只读的空文件，不是账本：未作任何更改。</translation>
    </message>
    <message>
        <source>%1 was written by an older Paper Wealth (schema %2) and must be upgraded, which cannot be done here. %3</source>
        <translation>%1 由旧版账面财富写入（结构版本 %2），需要升级，但在这里无法升级。%3</translation>
    </message>
    <message>
        <source>A disk is full (the ledger&apos;s, or the one for temporary files): nothing was changed. Free some space and try again.</source>
        <translation>磁盘已满（账本所在的磁盘，或存放临时文件的磁盘）：未作任何更改。请腾出一些空间后再试。</translation>
    </message>
    <message>
        <source>The system refused to write the ledger (a file-size limit or quota reached, or a failing disk): nothing was changed. Fix that and try again.</source>
        <translation>系统拒绝写入账本（已达文件大小上限或磁盘配额，或磁盘故障）：未作任何更改。请排除该问题后重试。</translation>
    </message>
    <message>
        <source>Another program (or another window) kept the ledger busy: nothing was changed. Try again when it is done.</source>
        <translation>另一个程序（或另一个窗口）一直占用账本：未作任何更改。请待其完成后再试。</translation>
    </message>
</context>
<context>
    <name>TransactionDialog</name>
    <message>
        <source>Edit transaction</source>
        <translation>编辑交易</translation>
    </message>
    <message>
        <source>Add transaction</source>
        <translation>添加交易</translation>
    </message>
    <message>
        <source>e.g. 2513.HK, 0100, AAPL or a private code like MOONSHOT</source>
        <translation>例如 2513.HK, 0100, AAPL，或自定义的未上市代码如 MOONSHOT</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price per share</source>
        <translation>每股价格</translation>
    </message>
    <message>
        <source>Ratio (10 = 1 share becomes 10)</source>
        <translation>拆股比例（10 表示 1 股拆为 10 股）</translation>
    </message>
    <message>
        <source>Shares entitled</source>
        <translation>派息股数</translation>
    </message>
    <message>
        <source>Price (not used)</source>
        <translation>价格（不适用）</translation>
    </message>
    <message>
        <source>Cash per share</source>
        <translation>每股派息</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>（新代码）</translation>
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
        <translation>类型</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ValueChart</name>
    <message>
        <source>Nothing to chart yet.</source>
        <translation>暂无可绘制的数据。</translation>
    </message>
    <message>
        <source>holdings %1 + options %2</source>
        <translation>持仓 %1 + 期权 %2</translation>
    </message>
</context>
</TS>
