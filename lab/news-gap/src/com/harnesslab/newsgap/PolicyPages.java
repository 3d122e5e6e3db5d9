// News lab app 快看资讯: its privacy policy and SDK list, as the app ships them (text a real
// app keeps in its assets), shown by the dialog's links as pages that scroll. Written the way
// real policies are: nested headings, a collection list, an SDK table. On purpose it names
// neither the installed-app list nor the JPush SDK the app embeds, and states no purpose for
// the clipboard.
package com.harnesslab.newsgap;

final class PolicyPages {
    private PolicyPages() {}

    static final String POLICY = """
            快看资讯隐私政策
            更新日期：2026年11月1日
            生效日期：2026年11月8日
            引言
            快看资讯（以下简称“我们”）深知个人信息对您的重要性，并会尽全力保护您的个人信息安全可靠。我们致力于维持您对我们的信任，恪守权责一致、目的明确、选择同意、最少够用、确保安全、主体参与、公开透明等原则。请在使用我们的产品或服务前，仔细阅读并了解本隐私政策。
            本政策将帮助您了解以下内容：
            一、我们如何收集和使用您的个人信息
            二、我们如何使用Cookie和同类技术
            三、我们如何共享、转让、公开披露您的个人信息
            四、我们如何保护和保存您的个人信息
            五、您的权利
            六、本政策如何更新
            七、如何联系我们
            一、我们如何收集和使用您的个人信息
            1.1 新闻浏览与推荐
            为向您推荐您可能感兴趣的新闻内容、避免重复推送，我们会收集您的设备标识符（Android ID）。
            1.2 新闻口令分享
            在您打开本应用时，我们会读取您剪切板中的内容。
            1.3 账号注册与登录
            当您注册或登录快看资讯账号时，您需要向我们提供手机号码，我们将通过发送短信验证码的方式验证您的身份，用于创建账号和登录。
            1.4 本地新闻
            在您使用“本地新闻”功能时，经您授权，我们会收集您的粗略位置信息，以便向您展示所在城市的新闻。您可以拒绝授权，拒绝后您仍可手动选择城市。
            1.5 我们不会收集的信息
            我们不会收集您的通讯录、短信内容或通话记录，也不会读取您的日历。
            二、我们如何使用Cookie和同类技术
            为确保网站正常运转，我们会在您的设备上存储名为Cookie的小数据文件。我们不会将Cookie用于本政策所述目的之外的任何用途。
            三、我们如何共享、转让、公开披露您的个人信息
            3.1 共享
            我们不会与任何公司、组织和个人共享您的个人信息，但以下情况除外：事先获得您明确的同意；根据法律法规或主管部门的强制性要求。
            3.2 接入的第三方SDK
            为实现本政策所述功能，我们的产品接入了第三方SDK，具体见《第三方SDK共享清单》。
            四、我们如何保护和保存您的个人信息
            我们仅在中华人民共和国境内存储您的个人信息，存储期限为实现目的所必需的最短时间。
            五、您的权利
            您可以通过“我的-设置-隐私设置”访问、更正、删除您的个人信息，或撤回您的同意。
            六、本政策如何更新
            我们的隐私政策可能变更。未经您明确同意，我们不会削减您按照本隐私政策所应享有的权利。
            七、如何联系我们
            如您对本隐私政策有任何疑问，可通过 privacy@news.harnesslab.com 与我们联系，我们将在十五个工作日内答复。
            """;

    static final String SDK_LIST = """
            第三方SDK共享清单
            为保障快看资讯的稳定运行与功能实现，我们接入了以下第三方SDK：
            SDK名称 | 第三方主体 | 使用目的 | 收集的个人信息 | 隐私政策链接
            友盟统计SDK | 友盟同欣（北京）科技有限公司 | 统计分析新闻阅读情况 | 设备标识符（Android ID） | https://www.umeng.com/page/policy
            我们会对合作方获取有关信息的应用程序接口（API）、软件工具开发包（SDK）进行严格的安全检测。
            """;
}
